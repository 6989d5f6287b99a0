package bsc.models;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Adds torch-like layers (conv, batch norm, pooling, linear ...) with seeded weights to a graph under
 * construction. Every layer is one node named by the caller, normally the torchvision module path; its
 * output value carries the node's name and its parameters are {@code <name>.weight}, {@code <name>.bias}
 * and so on, as in a torchvision state dict.
 */
final class NetBuilder {
  static final String INPUT = "input";
  static final String LOGITS = "logits";
  /** torch.nn.BatchNorm2d's default epsilon. */
  static final float TORCH_BN_EPSILON = 1e-5f;
  /** Standard deviation of fully connected weights and of all biases: torchvision's VGG init, N(0, 0.01). */
  private static final double LINEAR_STD = 0.01;
  /** Non-trivial batch-norm statistics, so that folding BN into the conv is exercised. */
  private static final double BN_SHIFT_STD = 0.1;
  private static final double BN_SCALE_LO = 0.5;
  private static final double BN_SCALE_HI = 1.5;
  /** Shared scalar bounds of every ReLU6, which ONNX writes as Clip(x, 0, 6). */
  private static final String RELU6_MIN = "relu6.min";
  private static final String RELU6_MAX = "relu6.max";

  private final Graph.Builder graph;
  private final SeededWeights weights;
  /**
   * The initializers in the order they were added, drawn only in {@link #build()}: every seeded tensor has a
   * random stream of its own, so they can be drawn in parallel with the same bytes. With C1 only, building
   * ResNet-50 (25.6 M Gaussians) on one thread took about 0.2 s of a cold bsc compile on a 2-core EPYC; drawn on
   * both cores, the whole compile took 0.88x the wall and 0.91x the CPU time (docs/BENCHMARKS.md, 2026-12-03).
   */
  private final Map<String, Supplier<Tensor>> initializers = new LinkedHashMap<>();

  NetBuilder(String model, long seed, long... inputDims) {
    this.graph = Graph.builder(model)
        .metadata("bsc.model", model)
        .metadata("bsc.seed", Long.toString(seed))
        .addInput(INPUT, TensorType.of(DataType.FLOAT, inputDims));
    this.weights = new SeededWeights(model, seed);
  }

  String conv(String name, String x, ConvSpec c) {
    Shape shape = Shape.of(c.outChannels(), c.inChannels() / c.groups(), c.kernelH(), c.kernelW());
    initializer(name + ".weight", () -> weights.heNormal(name + ".weight", shape, c.fanIn()));
    Attributes attrs = Attributes.empty()
        .with("kernel_shape", new long[] {c.kernelH(), c.kernelW()})
        .with("strides", new long[] {c.stride(), c.stride()})
        .with("pads", new long[] {c.padH(), c.padW(), c.padH(), c.padW()})
        .with("dilations", new long[] {1, 1})
        .with("group", c.groups());
    if (!c.bias()) {
      return graph.add(OpType.CONV, name, attrs, x, name + ".weight");
    }
    addBias(name, c.outChannels());
    return graph.add(OpType.CONV, name, attrs, x, name + ".weight", name + ".bias");
  }

  /** Inference-mode BatchNorm2d with seeded statistics (see the constants above). */
  String batchNorm(String name, String x, long channels, float epsilon) {
    return batchNorm(name, x, channels, epsilon, 1.0);
  }

  /** As {@link #batchNorm(String, String, long, float)}, with the gamma range multiplied by {@code gammaScale}. */
  String batchNorm(String name, String x, long channels, float epsilon, double gammaScale) {
    Shape shape = Shape.of(channels);
    String gamma = name + ".weight";
    String beta = name + ".bias";
    String mean = name + ".running_mean";
    String var = name + ".running_var";
    initializer(gamma, () -> weights.uniform(gamma, shape, BN_SCALE_LO * gammaScale, BN_SCALE_HI * gammaScale));
    initializer(beta, () -> weights.normal(beta, shape, 0, BN_SHIFT_STD));
    initializer(mean, () -> weights.normal(mean, shape, 0, BN_SHIFT_STD));
    initializer(var, () -> weights.uniform(var, shape, BN_SCALE_LO, BN_SCALE_HI));
    return graph.add(OpType.BATCH_NORMALIZATION, name, Attributes.empty().with("epsilon", epsilon),
        x, gamma, beta, mean, var);
  }

  String relu(String name, String x) {
    return graph.add(OpType.RELU, name, Attributes.empty(), x);
  }

  /** ReLU6 as ONNX exports it: Clip with scalar bounds 0 and 6, shared by every ReLU6 of the graph. */
  String relu6(String name, String x) {
    if (!initializers.containsKey(RELU6_MIN)) {
      initializer(RELU6_MIN, () -> Tensor.ofFloats(Shape.scalar(), new float[] {0f}));
      initializer(RELU6_MAX, () -> Tensor.ofFloats(Shape.scalar(), new float[] {6f}));
    }
    return graph.add(OpType.CLIP, name, Attributes.empty(), x, RELU6_MIN, RELU6_MAX);
  }

  String maxPool(String name, String x, int kernel, int stride, int pad) {
    return graph.add(OpType.MAX_POOL, name, poolAttributes(kernel, stride, pad), x);
  }

  /** AvgPool2d with torch's defaults: padded positions count in the divisor (count_include_pad). */
  String avgPool(String name, String x, int kernel, int stride, int pad) {
    Attributes attrs = poolAttributes(kernel, stride, pad).with("count_include_pad", 1L);
    return graph.add(OpType.AVERAGE_POOL, name, attrs, x);
  }

  private static Attributes poolAttributes(int kernel, int stride, int pad) {
    return Attributes.empty()
        .with("kernel_shape", new long[] {kernel, kernel})
        .with("strides", new long[] {stride, stride})
        .with("pads", new long[] {pad, pad, pad, pad})
        .with("ceil_mode", 0L);
  }

  /** AdaptiveAvgPool2d(1). */
  String globalAveragePool(String name, String x) {
    return graph.add(OpType.GLOBAL_AVERAGE_POOL, name, Attributes.empty(), x);
  }

  String add(String name, String a, String b) {
    return graph.add(OpType.ADD, name, Attributes.empty(), a, b);
  }

  /** torch.cat along channels. */
  String concat(String name, String... xs) {
    return graph.add(OpType.CONCAT, name, Attributes.empty().with("axis", 1L), xs);
  }

  /** torch.flatten(x, 1). */
  String flatten(String name, String x) {
    return graph.add(OpType.FLATTEN, name, Attributes.empty().with("axis", 1L), x);
  }

  String dropout(String name, String x) {
    return graph.add(OpType.DROPOUT, name, Attributes.empty(), x);
  }

  /** nn.Linear(in, out): Gemm with the weight stored [out, in] (transB = 1). */
  String linear(String name, String x, long inFeatures, long outFeatures) {
    return linearInto(name, x, inFeatures, outFeatures, name);
  }

  /** The classifier's last Linear, writing the graph output {@value #LOGITS}. */
  String logits(String name, String x, long inFeatures, long outFeatures) {
    return linearInto(name, x, inFeatures, outFeatures, LOGITS);
  }

  private String linearInto(String name, String x, long inFeatures, long outFeatures, String output) {
    Shape shape = Shape.of(outFeatures, inFeatures);
    initializer(name + ".weight", () -> weights.normal(name + ".weight", shape, 0, LINEAR_STD));
    addBias(name, outFeatures);
    graph.addNode(new Node(name, OpType.GEMM, List.of(x, name + ".weight", name + ".bias"), List.of(output),
        Attributes.empty().with("transB", 1L)));
    return output;
  }

  private void addBias(String name, long channels) {
    initializer(name + ".bias", () -> weights.normal(name + ".bias", Shape.of(channels), 0, LINEAR_STD));
  }

  /** Adds an initializer whose value {@link #build()} computes; a name added again keeps its place, as in a map. */
  private void initializer(String name, Supplier<Tensor> value) {
    initializers.put(name, value);
  }

  /** Freezes the graph with {@value #LOGITS} as its one output (runs shape inference), drawing on all cores. */
  Graph build() {
    return build(Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #build()}, drawing the initializers on {@code threads} threads; the bytes do not depend on it. */
  Graph build(int threads) {
    List<String> names = List.copyOf(initializers.keySet());
    Tensor[] values = ParallelDraws.all(List.copyOf(initializers.values()), threads);
    for (int i = 0; i < values.length; i++) {
      graph.addInitializer(names.get(i), values[i]);
    }
    return graph.addOutput(LOGITS).build();
  }
}
