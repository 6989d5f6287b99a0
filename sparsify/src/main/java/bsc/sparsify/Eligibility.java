package bsc.sparsify;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;

/**
 * Which layers may be pruned (DESIGN.md section 4). The defaults follow the paper: the first conv stays
 * dense (paper-facts.md 2.3: "all convolutions except the first one"), grouped or depthwise convs with fewer
 * than C input channels per group stay dense (a block would be mostly padding), and the classifier FC
 * stays dense unless asked (the paper's estimates contain no FC layers).
 */
final class Eligibility {
  private Eligibility() {}

  /** Why {@code layer} stays dense, or null when it may be pruned. */
  static String denseReason(Graph g, PrunableLayer layer, PruneOptions o, String firstConv) {
    if (layer.op() == OpType.CONV && layer.node().equals(firstConv) && !o.pruneFirstConv()) {
      return "excluded: first conv";
    }
    if (fullyConnected(g, layer) && !o.includeFc()) {
      return "excluded: fully connected (use --include-fc)";
    }
    if (layer.groups() > 1 && layer.inChannels() < o.block().cols()) {
      return "excluded: " + (layer.inChannels() == 1 ? "depthwise" : "grouped") + " conv with "
          + layer.inChannels() + " input channels per group, fewer than the block's " + o.block().cols();
    }
    return null;
  }

  /**
   * Whether {@code layer} is fully connected: a Gemm or MatMul, or a 1x1 Conv on a 1x1 feature map, which is
   * what the canonical passes make of a classifier (GemmToConv), so that the rule holds on canonical graphs.
   */
  static boolean fullyConnected(Graph g, PrunableLayer layer) {
    if (layer.op() != OpType.CONV) {
      return true;
    }
    if (layer.taps() != 1) {
      return false;
    }
    Shape in = g.type(g.node(layer.node()).input(0)).shape();
    return in.rank() == 4 && in.dim(2) == 1 && in.dim(3) == 1;
  }

  /** The name of the first Conv in graph order, or null. */
  static String firstConv(Graph g) {
    for (Node n : g.nodes()) {
      if (n.op() == OpType.CONV) {
        return n.name();
      }
    }
    return null;
  }

  /**
   * Per-output-channel scale |gamma| / sqrt(var + eps) of a BatchNormalization that alone consumes the
   * layer's output, or null when there is none (BN-aware scoring).
   */
  static double[] bnScale(Graph g, PrunableLayer layer) {
    Node n = g.node(layer.node());
    var consumers = g.consumers(n.output());
    if (consumers.size() != 1 || consumers.get(0).op() != OpType.BATCH_NORMALIZATION) {
      return null;
    }
    Node bn = consumers.get(0);
    var gamma = g.initializer(bn.input(1));
    var var = g.initializer(bn.input(4));
    if (gamma == null || var == null) {
      return null;
    }
    float[] gm = gamma.toFloats();
    float[] vr = var.toFloats();
    double eps = bn.attrs().getFloat("epsilon", 1e-5f);
    double[] s = new double[gm.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = Math.abs(gm[i]) / Math.sqrt(vr[i] + eps);
    }
    return s;
  }
}
