package bsc.ir.passes;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrites a fully connected layer on pooled features, {@code Gemm(Flatten(x), B, C)} or
 * {@code MatMul(Flatten(x), B)} with x of shape [N, C, 1, ..., 1], as {@code Flatten(Conv1x1(x, W, b))}.
 * Block sparsity, quantization and the AIE2 lowering then treat the classifier like any other conv (the
 * paper prunes FC layers as 1x1 convs). A Reshape of x to [N, C] (torch's {@code x.view(N, -1)}) counts
 * as the Flatten.
 *
 * <p>{@code W[k][c] = alpha * op(B)[c][k]} (op = transpose when transB) and {@code b[k] = beta * C[k]},
 * computed in double. B and C must be float initializers; C must be a scalar or hold one value per
 * output. The Flatten after the conv restores the [N, K] output under its original name.
 */
public final class GemmToConv implements Pass {
  @Override
  public String name() {
    return "gemm-to-conv";
  }

  @Override
  public Graph run(Graph g) {
    Graph.Builder b = g.toBuilder();
    boolean changed = false;
    for (Node fc : g.nodes()) {
      String x = pooledInput(g, fc);
      if (x != null && constantOperands(g, fc)) {
        rewrite(g, b, fc, x);
        changed = true;
      }
    }
    return changed ? b.build() : g;
  }

  /** The [N, C, 1, ..., 1] tensor that {@code fc}'s A input flattens, or null when the pattern fails. */
  private static String pooledInput(Graph g, Node fc) {
    boolean gemm = fc.op() == OpType.GEMM && fc.attrs().getInt("transA", 0) == 0;
    if (!gemm && fc.op() != OpType.MAT_MUL) {
      return null;
    }
    Node flatten = g.producer(fc.input(0));
    boolean flattens = flatten != null && (flatten.op() == OpType.RESHAPE
        || (flatten.op() == OpType.FLATTEN && flatten.attrs().getInt("axis", 1) == 1));
    if (!flattens || g.type(fc.input(0)).rank() != 2) {
      return null;
    }
    Shape x = g.type(flatten.input(0)).shape();
    if (x.rank() < 3 || !x.isKnown() || !Shape.of(x.dim(0), x.dim(1)).equals(g.type(fc.input(0)).shape())) {
      return null;
    }
    for (int i = 2; i < x.rank(); i++) {
      if (x.dim(i) != 1) {
        return null;
      }
    }
    return flatten.input(0);
  }

  private static boolean constantOperands(Graph g, Node fc) {
    Tensor w = g.initializer(fc.input(1));
    if (w == null || w.dtype() != DataType.FLOAT || w.shape().rank() != 2) {
      return false;
    }
    if (!fc.hasInput(2)) {
      return true;
    }
    Tensor c = g.initializer(fc.input(2));
    long outputs = g.type(fc.output()).shape().dim(1);
    return c != null && c.dtype() == DataType.FLOAT
        && (c.elements() == 1 || (c.elements() == outputs && c.shape().dim(-1) == outputs));
  }

  private static void rewrite(Graph g, Graph.Builder b, Node fc, String x) {
    Tensor bt = g.initializer(fc.input(1));
    boolean transB = fc.attrs().getInt("transB", 0) != 0;
    int k = (int) (transB ? bt.shape().dim(0) : bt.shape().dim(1));
    int c = (int) (transB ? bt.shape().dim(1) : bt.shape().dim(0));
    double alpha = fc.op() == OpType.GEMM ? fc.attrs().getFloat("alpha", 1f) : 1;
    float[] src = bt.toFloats();
    float[] weight = new float[k * c];
    for (int o = 0; o < k; o++) {
      for (int i = 0; i < c; i++) {
        weight[o * c + i] = (float) (alpha * src[transB ? o * c + i : i * k + o]);
      }
    }
    long[] wShape = new long[g.type(x).rank()];
    Arrays.fill(wShape, 1);
    wShape[0] = k;
    wShape[1] = c;
    String wName = GraphEdits.newName(g, b, fc.input(1) + "_conv");
    b.addInitializer(wName, Tensor.ofFloats(Shape.of(wShape), weight));
    List<String> inputs = fc.hasInput(2) ? List.of(x, wName, bias(g, b, fc, k)) : List.of(x, wName);
    String conv = GraphEdits.newName(g, b, fc.output() + "_nchw");
    GraphEdits.replace(b, fc.name(), new Node(fc.name(), OpType.CONV, inputs, List.of(conv), Attributes.empty()));
    String flatten = GraphEdits.newName(g, b, fc.name() + "_flatten");
    b.addNode(new Node(flatten, OpType.FLATTEN, List.of(conv), List.of(fc.output()),
        Attributes.empty().with("axis", 1L)));
  }

  private static String bias(Graph g, Graph.Builder b, Node fc, int k) {
    Tensor ct = g.initializer(fc.input(2));
    double beta = fc.attrs().getFloat("beta", 1f);
    float[] src = ct.toFloats();
    float[] bias = new float[k];
    for (int o = 0; o < k; o++) {
      bias[o] = (float) (beta * src[src.length == 1 ? 0 : o]);
    }
    String name = GraphEdits.newName(g, b, fc.input(2) + "_conv");
    b.addInitializer(name, Tensor.ofFloats(Shape.of(k), bias));
    return name;
  }
}
