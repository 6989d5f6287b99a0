package bsc.sparsify.quant;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.util.List;

/**
 * A BatchNormalization that the canonical passes could not fold into a conv (one that follows a pool, as in
 * fmnist_resnet's conv, MaxPool, BN) becomes what it is, a per-channel affine map: a depthwise 1x1 Conv with
 * weight {@code s = gamma / sqrt(var + eps)} and bias {@code beta - mean * s}, which has an INT8 form (and
 * a QDQ form ONNX Runtime runs). It keeps the BN's node and output names.
 */
final class BatchNormAsConv {
  private BatchNormAsConv() {}

  static Graph rewrite(Graph g) {
    boolean any = false;
    for (Node n : g.nodes()) {
      any |= convertible(g, n);
    }
    if (!any) {
      return g;
    }
    Graph.Builder b = Graph.builder(g.name()).opset(g.opset());
    g.metadata().forEach(b::metadata);
    for (Value v : g.inputs()) {
      b.addInput(v.name(), v.type());
    }
    g.initializers().forEach(b::addInitializer);
    for (Node n : g.nodes()) {
      b.addNode(convertible(g, n) ? asConv(g, b, n) : n);
    }
    for (Value v : g.outputs()) {
      b.addOutput(v.name());
    }
    return b.build();
  }

  private static boolean convertible(Graph g, Node n) {
    if (n.op() != OpType.BATCH_NORMALIZATION || n.outputs().size() != 1 || g.type(n.input(0)).rank() != 4) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      Tensor t = g.initializer(n.input(i));
      if (t == null || t.dtype() != DataType.FLOAT) {
        return false;
      }
    }
    return true;
  }

  private static Node asConv(Graph g, Graph.Builder b, Node bn) {
    float[] gamma = g.initializer(bn.input(1)).toFloats();
    float[] beta = g.initializer(bn.input(2)).toFloats();
    float[] mean = g.initializer(bn.input(3)).toFloats();
    float[] var = g.initializer(bn.input(4)).toFloats();
    double eps = bn.attrs().getFloat("epsilon", 1e-5f);
    int c = gamma.length;
    float[] w = new float[c];
    float[] bias = new float[c];
    for (int i = 0; i < c; i++) {
      double s = gamma[i] / Math.sqrt((double) var[i] + eps);
      w[i] = (float) s;
      bias[i] = (float) (beta[i] - mean[i] * s);
    }
    String wName = b.freshName(bn.name() + ".scale");
    String bName = b.freshName(bn.name() + ".shift");
    b.addInitializer(wName, Tensor.ofFloats(Shape.of(c, 1, 1, 1), w));
    b.addInitializer(bName, Tensor.ofFloats(Shape.of(c), bias));
    Attributes a = Attributes.empty().with("kernel_shape", new long[] {1, 1}).with("group", (long) c);
    return new Node(bn.name(), OpType.CONV, List.of(bn.input(0), wName, bName), List.of(bn.output()), a);
  }
}
