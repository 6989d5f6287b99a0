package bsc.tests.aie2;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.passes.PassManager;
import bsc.sim.int8.Int8Executor;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small CNN with one layer of every kernel kind the AIE2 backend emits: a 7x7 stride-2 stem (dense: the
 * first conv), a 3x3 conv, a 1x1 conv, a residual Add, a strided 1x1 conv, a depthwise 3x3 with ReLU6, a
 * second 7x7 stride-2 conv (prunable), a max pool and a global average pool. Quantized with fix positions
 * chosen on the INT8 executor itself so that activations use the int8 range without saturating much.
 */
final class KernelZoo {
  static final String INPUT = "x";
  private static final long SEED = 7;

  private KernelZoo() {}

  /** The canonical graph, block-pruned to {@code sparsity} (paper setting: first conv, depthwise dense). */
  static Graph graph(double sparsity) {
    Random r = new Random(SEED);
    Graph.Builder b = Graph.builder("kernel_zoo").addInput(INPUT, TensorType.of(DataType.FLOAT, 1, 3, 40, 40));
    String x = conv(b, r, "stem", INPUT, 3, 16, 7, 2, 3, 1);
    x = b.add(OpType.RELU, "stem.relu", Attributes.empty(), x);
    String a = b.add(OpType.RELU, "c3x3.relu", Attributes.empty(), conv(b, r, "c3x3", x, 16, 32, 3, 1, 1, 1));
    String c = b.add(OpType.RELU, "c1x1.relu", Attributes.empty(), conv(b, r, "c1x1", a, 32, 32, 1, 1, 0, 1));
    x = b.add(OpType.RELU, "add.relu", Attributes.empty(), b.add(OpType.ADD, "add", Attributes.empty(), c, a));
    x = conv(b, r, "c1x1s2", x, 32, 48, 1, 2, 0, 1);
    b.addInitializer("relu6.min", Tensor.ofFloats(Shape.scalar(), new float[] {0f}));
    b.addInitializer("relu6.max", Tensor.ofFloats(Shape.scalar(), new float[] {6f}));
    x = b.add(OpType.CLIP, "dw.relu6", Attributes.empty(), conv(b, r, "dw", x, 48, 48, 3, 1, 1, 48),
        "relu6.min", "relu6.max");
    x = b.add(OpType.RELU, "c7x7s2.relu", Attributes.empty(), conv(b, r, "c7x7s2", x, 48, 40, 7, 2, 3, 1));
    x = b.add(OpType.MAX_POOL, "maxpool", Attributes.empty().with("kernel_shape", new long[] {3, 3})
        .with("strides", new long[] {2, 2}).with("pads", new long[] {1, 1, 1, 1}), x);
    x = b.add(OpType.GLOBAL_AVERAGE_POOL, "gap", Attributes.empty(), x);
    Graph g = PassManager.canonical().run(b.addOutput(x).build());
    return sparsity > 0 ? Pruner.prune(g, PruneOptions.paper(sparsity)).graph() : g;
  }

  private static String conv(Graph.Builder b, Random r, String name, String x, int cin, int cout, int k, int stride,
      int pad, int groups) {
    int fanIn = cin / groups * k * k;
    float[] w = new float[cout * fanIn];
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (r.nextGaussian() * std);
    }
    float[] bias = new float[cout];
    for (int i = 0; i < cout; i++) {
      bias[i] = (float) (r.nextGaussian() * 0.1);
    }
    b.addInitializer(name + ".weight", Tensor.ofFloats(Shape.of(cout, cin / groups, k, k), w));
    b.addInitializer(name + ".bias", Tensor.ofFloats(Shape.of(cout), bias));
    Attributes attrs = Attributes.empty().with("kernel_shape", new long[] {k, k})
        .with("strides", new long[] {stride, stride}).with("pads", new long[] {pad, pad, pad, pad})
        .with("dilations", new long[] {1, 1}).with("group", (long) groups);
    return b.add(OpType.CONV, name, attrs, x, name + ".weight", name + ".bias");
  }

  /** A seeded N(0, 1) input. */
  static Map<String, Tensor> input(Graph g) {
    return CalibrationInputs.seededNormal(g, 1, SEED).samples().get(0);
  }

  /**
   * Quantized with per-value fix positions adjusted on the INT8 executor's own outputs for {@link #input}:
   * one step coarser where more than 0.5% of a value saturates, one step finer where its largest magnitude
   * is below 48 (a few rounds; deterministic).
   */
  static QuantizedModel quantize(Graph g) {
    Map<String, Integer> fix = new LinkedHashMap<>();
    fix.put(INPUT, 5);
    g.nodes().forEach(n -> fix.put(n.output(), 3));
    Map<String, Tensor> in = input(g);
    QuantizedModel m = Quantizer.withFixPositions(g, fix, QuantOptions.defaults());
    for (int round = 0; round < 6; round++) {
      Map<String, byte[]> values;
      try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults().withThreads(1))) {
        values = e.runAllValues(in);
      }
      boolean changed = false;
      for (bsc.ir.Node n : g.nodes()) {
        byte[] v = values.get(n.output());
        int saturated = 0;
        int max = 0;
        for (byte q : v) {
          saturated += q == 127 || q == -128 ? 1 : 0;
          max = Math.max(max, Math.abs(q));
        }
        int f = fix.get(n.output());
        int next = saturated * 200 > v.length ? f - 1 : max < 48 ? f + 1 : f;
        changed |= next != f;
        fix.put(n.output(), next);
      }
      if (!changed) {
        break;
      }
      m = Quantizer.withFixPositions(g, fix, QuantOptions.defaults());
    }
    return m;
  }
}
