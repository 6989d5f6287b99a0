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
 *
 * <p>A BN behind a MaxPool behind a conv (conv, pool, BN, as small ResNets for 28x28 images are often built)
 * folds too when every channel's scale {@code s} is at least zero: an affine map with a non-negative slope is
 * monotone, so it commutes with a maximum ({@code max(s x + t) = s max(x) + t}; padded positions of the pool
 * never win, with or without it). The pool then takes over the BN's output name. A negative scale would turn
 * the maximum into a minimum, so such a BN stays.
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
      if (bn.op() != OpType.BATCH_NORMALIZATION) {
        continue;
      }
      Node conv = foldableConv(g, bn, bn.input(0));
      if (conv != null) {
        fold(g, b, conv, bn, null);
        changed = true;
        continue;
      }
      Node pool = GraphEdits.producerOf(g, bn.input(0), OpType.MAX_POOL);
      if (pool != null && GraphEdits.soleConsumer(g, pool.output()) == bn && nonNegativeScales(g, bn)) {
        conv = foldableConv(g, bn, pool.input(0));
        if (conv != null && GraphEdits.soleConsumer(g, conv.output()) == pool) {
          fold(g, b, conv, bn, pool);
          changed = true;
        }
      }
    }
    return changed ? b.build() : g;
  }

  /** The conv producing {@code convOutput} if it and {@code bn} have constant float parameters, else null. */
  private static Node foldableConv(Graph g, Node bn, String convOutput) {
    Node conv = GraphEdits.producerOf(g, convOutput, OpType.CONV);
    Node reader = conv == null ? null : GraphEdits.soleConsumer(g, conv.output());
    if (conv == null || conv.attrs().has("activation") || reader == null
        || (reader != bn && reader.op() != OpType.MAX_POOL)) {
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

  /** Whether every channel's BN scale {@code gamma / sqrt(var + eps)} is at least zero (given constant gamma). */
  private static boolean nonNegativeScales(Graph g, Node bn) {
    Tensor gamma = g.initializer(bn.input(1));
    if (gamma == null || gamma.dtype() != DataType.FLOAT) {
      return false;
    }
    for (float x : gamma.toFloats()) {
      if (!(x >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** Folds {@code bn} into {@code conv}; with a {@code pool} between them, the pool then produces BN's output. */
  private static void fold(Graph g, Graph.Builder b, Node conv, Node bn, Node pool) {
    Tensor w = g.initializer(conv.input(1));
    float[] weight = w.toFloats();
    float[] gamma = g.initializer(bn.input(1)).toFloats();
    float[] beta = g.initializer(bn.input(2)).toFloats();
    float[] mean = g.initializer(bn.input(3)).toFloats();
    float[] var = g.initializer(bn.input(4)).toFloats();
    float[] bias = conv.hasInput(2) ? g.initializer(conv.input(2)).toFloats() : new float[gamma.length];
    double eps = bn.attrs().getFloat("epsilon", 1e-5f);
    int perChannel = weight.length / gamma.length;
    float[] newWeight = new float[weight.length];
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
    if (pool == null) {
      GraphEdits.replace(b, conv.name(), conv.withInputs(List.of(conv.input(0), wName, bName))
          .withOutputs(List.of(bn.output())));
    } else {
      GraphEdits.replace(b, conv.name(), conv.withInputs(List.of(conv.input(0), wName, bName)));
      GraphEdits.replace(b, pool.name(), pool.withOutputs(List.of(bn.output())));
    }
    GraphEdits.remove(b, bn.name());
  }
}
