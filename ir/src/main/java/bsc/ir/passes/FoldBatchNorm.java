package bsc.ir.passes;

import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds an inference BatchNormalization into the Conv that feeds it. BN is a per-channel affine map
 * {@code y = (x - mean) * s + beta} with {@code s = gamma / sqrt(var + eps)}, and a conv is linear per
 * output channel, so {@code W' = W * s} and {@code b' = (b - mean) * s + beta} give the same result
 * with one op fewer: the hardware then sees the weights it will actually use (block scores, pruning and
 * INT8 scales must be computed on the folded weights).
 *
 * <p>Applies when the conv's weight and bias and all BN parameters are float initializers, the conv has
 * no fused activation yet and the BN is the conv output's only reader. Folded weights go to new
 * initializers (the originals may be shared); the conv takes over the BN's output name.
 */
public final class FoldBatchNorm implements Pass {
  @Override
  public String name() {
    return "fold-batchnorm";
  }

  @Override
  public Graph run(Graph g) {
    Graph.Builder b = g.toBuilder();
    boolean changed = false;
    for (Node bn : g.nodes()) {
      Node conv = bn.op() == OpType.BATCH_NORMALIZATION ? foldableConv(g, bn) : null;
      if (conv != null) {
        fold(g, b, conv, bn);
        changed = true;
      }
    }
    return changed ? b.build() : g;
  }

  private static Node foldableConv(Graph g, Node bn) {
    Node conv = GraphEdits.producerOf(g, bn.input(0), OpType.CONV);
    if (conv == null || conv.attrs().has("activation") || GraphEdits.soleConsumer(g, conv.output()) != bn) {
      return null;
    }
    List<String> constants = new ArrayList<>(bn.inputs().subList(1, 5));
    constants.add(conv.input(1));
    if (conv.hasInput(2)) {
      constants.add(conv.input(2));
    }
    for (String c : constants) {
      Tensor t = g.initializer(c);
      if (t == null || t.dtype() != DataType.FLOAT) {
        return null;
      }
    }
    return conv;
  }

  private static void fold(Graph g, Graph.Builder b, Node conv, Node bn) {
    Tensor w = g.initializer(conv.input(1));
    float[] weight = w.toFloats();
    float[] gamma = g.initializer(bn.input(1)).toFloats();
    float[] beta = g.initializer(bn.input(2)).toFloats();
    float[] mean = g.initializer(bn.input(3)).toFloats();
    float[] var = g.initializer(bn.input(4)).toFloats();
    float[] bias = conv.hasInput(2) ? g.initializer(conv.input(2)).toFloats() : new float[gamma.length];
    double eps = bn.attrs().getFloat("epsilon", 1e-5f);
    int perChannel = weight.length / gamma.length;
    float[] newWeight = weight; // scaled in place: toFloats() returned a copy (one 100 MB copy less on ResNet-50)
    float[] newBias = new float[gamma.length];
    for (int c = 0; c < gamma.length; c++) {
      double scale = gamma[c] / Math.sqrt((double) var[c] + eps);
      for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
        newWeight[i] = (float) (weight[i] * scale);
      }
      newBias[c] = (float) (((double) bias[c] - mean[c]) * scale + beta[c]);
    }
    String wName = GraphEdits.newName(g, b, conv.input(1) + "_bn");
    b.addInitializer(wName, Tensor.ofFloats(w.shape(), newWeight));
    String bName = GraphEdits.newName(g, b, conv.hasInput(2) ? conv.input(2) + "_bn" : conv.name() + ".bias_bn");
    b.addInitializer(bName, Tensor.ofFloats(Shape.of(gamma.length), newBias));
    Node folded = conv.withInputs(List.of(conv.input(0), wName, bName)).withOutputs(List.of(bn.output()));
    GraphEdits.replace(b, conv.name(), folded);
    GraphEdits.remove(b, bn.name());
  }
}
