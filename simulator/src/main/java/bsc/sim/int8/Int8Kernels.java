package bsc.sim.int8;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Value;
import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QuantizedLayer;
import bsc.sparsify.quant.QuantizedModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes the int8 kernel of each node (the quantizer has already checked every node has an INT8 form). */
final class Int8Kernels {
  private final QuantizedModel model;
  private final Graph graph;
  private final Int8Executor.Options options;
  private final Map<String, Integer> ids;
  private final Workers workers;
  private final Scratch[] scratch;

  Int8Kernels(QuantizedModel model, Int8Executor.Options options, Map<String, Integer> ids, Workers workers,
      Scratch[] scratch) {
    this.model = model;
    this.graph = model.graph();
    this.options = options;
    this.ids = ids;
    this.workers = workers;
    this.scratch = scratch;
  }

  Int8Kernel of(Node n) {
    int in = ids.get(n.input(0));
    int out = ids.get(n.output());
    int fIn = model.fix(n.input(0));
    int fOut = model.fix(n.output());
    return switch (n.op()) {
      case CONV, GEMM, MAT_MUL -> conv(n, in, out);
      case ADD -> add(n, out, FixedPoint.INT8_MIN, FixedPoint.INT8_MAX);
      case RELU -> new ElementwiseKernels.Clamp(in, out, 0, FixedPoint.INT8_MAX, options.vector());
      case CLIP -> new ElementwiseKernels.Clamp(in, out, bound(n, 1, Float.NEGATIVE_INFINITY, fOut),
          bound(n, 2, Float.POSITIVE_INFINITY, fOut), options.vector());
      case FLATTEN, RESHAPE -> new ElementwiseKernels.Copy(in, out);
      case CONCAT -> concat(n, out, fOut);
      case MAX_POOL, AVERAGE_POOL, GLOBAL_AVERAGE_POOL, GLOBAL_MAX_POOL ->
          new PoolKernel(graph, n, in, out, fIn, fOut, workers, options.vector());
      default -> throw new IllegalStateException("no INT8 kernel for " + n.op());
    };
  }

  private Int8Kernel add(Node n, int out, int lo, int hi) {
    return new ElementwiseKernels.Add(ids.get(n.input(0)), ids.get(n.input(1)), out, model.fix(n.input(0)),
        model.fix(n.input(1)), model.fix(n.output()), lo, hi, options.vector(), workers);
  }

  /**
   * The kernels for a run that exposes only the graph outputs: {@code kernels} (one per node, in order),
   * except that an Add whose only reader is the next node, a Relu or Clip, clamps its sums itself into that
   * node's output, and the clamp's entry is null (the canonical int8 graph has every residual Add followed
   * by its Relu). The Add's own output is then never made, so a run that exposes every value keeps the
   * unfused list.
   */
  Int8Kernel[] fused(List<Int8Kernel> kernels) {
    Set<String> graphOutputs = new HashSet<>();
    for (Value v : graph.outputs()) {
      graphOutputs.add(v.name());
    }
    List<Node> nodes = graph.nodes();
    Int8Kernel[] k = kernels.toArray(new Int8Kernel[0]);
    for (int i = 0; i + 1 < nodes.size(); i++) {
      Node n = nodes.get(i);
      Node next = nodes.get(i + 1);
      if (n.op() == OpType.ADD && !graphOutputs.contains(n.output()) && k[i + 1] instanceof ElementwiseKernels.Clamp c
          && c.lo() <= c.hi() && next.input(0).equals(n.output()) && graph.consumers(n.output()).size() == 1) {
        k[i] = add(n, ids.get(next.output()), c.lo(), c.hi());
        k[i + 1] = null;
      }
    }
    return k;
  }

  private Int8Kernel conv(Node n, int in, int out) {
    QuantizedLayer layer = model.layer(n.name());
    ConvGeometry g = ConvGeometry.of(graph, n);
    byte[] w = layer.weights();
    boolean sparse = options.path() == Int8Executor.ConvPath.BLOCK_SPARSE;
    if (options.vector() && DotKernel.applies(g)) {
      return new DotKernel(g, layer, sparse, in, out, workers);
    }
    if (options.vector() && PanelWeights.applies(g, options.block())) {
      Planes planes = new Planes(g);
      PanelWeights pw = sparse ? PanelWeights.sparse(g, planes, w, options.block())
          : PanelWeights.dense(g, planes, w, options.block());
      return new PanelConvKernel(g, planes, layer, pw, in, out, workers, scratch);
    }
    ConvWeights weights = sparse && SparseConvWeights.applies(g, options.block())
        ? new SparseConvWeights(g, w, options.block())
        : new DenseConvWeights(g, w, options.block().rows());
    return new ConvKernel(g, layer, weights, options.block().cols(), in, out, workers, scratch);
  }

  private int bound(Node n, int input, float absent, int fix) {
    float b = n.hasInput(input) ? (float) graph.knownValue(n.input(input)).getDouble(0) : absent;
    return FixedPoint.quantize(b, fix);
  }

  private Int8Kernel concat(Node n, int out, int fOut) {
    Shape y = graph.type(n.output()).shape();
    int axis = (int) n.attrs().getInt("axis", 1);
    axis = axis < 0 ? axis + y.rank() : axis;
    long inner = 1;
    for (int d = axis + 1; d < y.rank(); d++) {
      inner *= y.dim(d);
    }
    long outer = 1;
    for (int d = 0; d < axis; d++) {
      outer *= y.dim(d);
    }
    int k = n.inputs().size();
    int[] ins = new int[k];
    int[] fixes = new int[k];
    int[] blocks = new int[k];
    for (int i = 0; i < k; i++) {
      ins[i] = ids.get(n.input(i));
      fixes[i] = model.fix(n.input(i));
      blocks[i] = Math.toIntExact(graph.type(n.input(i)).shape().dim(axis) * inner);
    }
    return new ElementwiseKernels.Concat(ins, fixes, blocks, out, fOut, Math.toIntExact(outer));
  }
}
