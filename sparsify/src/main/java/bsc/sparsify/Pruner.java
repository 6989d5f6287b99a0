package bsc.sparsify;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prunes the weights of a graph in blocks (paper-facts.md section 2.2a, "Γ chosen once"): score every block
 * of every eligible layer, zero the lowest-scored fraction, and return the graph with those blocks exactly
 * zero plus the masks. Channels are never removed: shapes do not change.
 */
public final class Pruner {
  private Pruner() {}

  /** The pruned graph and the masks of all prunable layers, in graph order. */
  public record Result(Graph graph, MaskSet masks) {}

  public static Result prune(Graph g, PruneOptions o) {
    return prune(g, o, true);
  }

  /**
   * As {@link #prune(Graph, PruneOptions)}; {@code digest} false leaves the masks' weight digest null, for callers
   * that write no mask sidecar (bsc compile and sweep): SHA-256 over ResNet-50's 100 MB of weights is about a
   * second of CPU without the C2 compiler's SHA intrinsics.
   */
  public static Result prune(Graph g, PruneOptions o, boolean digest) {
    List<PrunableLayer> layers = PrunableLayer.find(g);
    if (o.plan() != null) {
      o.plan().checkAllMatch(layers.stream().map(PrunableLayer::node).toList());
    }
    String firstConv = Eligibility.firstConv(g);
    List<Target> targets = new ArrayList<>();
    for (PrunableLayer l : layers) {
      targets.add(target(g, l, o, firstConv));
    }
    if (o.policy() == PruneOptions.Policy.GLOBAL && o.ratio() != null) {
      GlobalThreshold.assign(targets, o.ratio());
    }
    MaskSelector selector = new MaskSelector(o.noEmptyLines(), o.balance());
    Map<String, LayerMask> masks = new LinkedHashMap<>();
    Graph.Builder b = g.toBuilder();
    for (Target t : targets) {
      BlockGrid grid = t.layer.grid(o.block());
      BlockMask mask;
      if (t.ratio == null || t.denseReason != null) {
        mask = BlockMask.fromZeros(grid, t.weights);
      } else {
        int zeroTarget = (int) Math.round(t.ratio * grid.blocks());
        mask = selector.select(grid.blockRows(), grid.blockCols(), t.scores, zeroTarget);
        b.addInitializer(t.layer.weight(), apply(g.initializer(t.layer.weight()), grid, mask, t.weights));
      }
      masks.put(t.layer.node(), new LayerMask(t.layer, mask, t.ratio, t.denseReason));
    }
    Graph pruned = b.build();
    String sha = digest ? WeightDigest.of(pruned, masks.values()) : null;
    return new Result(pruned, new MaskSet(o.block(), o.criterion(), masks, sha));
  }

  /** One layer's scores and target before selection. */
  static final class Target {
    final PrunableLayer layer;
    final float[] weights;
    final double[] scores;
    final String denseReason;
    Double ratio;

    Target(PrunableLayer layer, float[] weights, double[] scores, String denseReason, Double ratio) {
      this.layer = layer;
      this.weights = weights;
      this.scores = scores;
      this.denseReason = denseReason;
      this.ratio = ratio;
    }
  }

  private static Target target(Graph g, PrunableLayer l, PruneOptions o, String firstConv) {
    float[] w = g.initializer(l.weight()).toFloats();
    String reason = Eligibility.denseReason(g, l, o, firstConv);
    Double ratio = o.ratio();
    if (o.plan() != null) {
      SparsityPlan.Entry e = o.plan().match(l.node());
      if (e != null) {
        ratio = e.ratio();
        if (ratio == null && reason == null) {
          reason = "plan: dense (" + e.glob() + ")";
        }
      }
    }
    if (reason != null || ratio == null) {
      return new Target(l, w, null, reason, ratio);
    }
    BlockGrid grid = l.grid(o.block());
    double[] scale = o.bnAware() ? Eligibility.bnScale(g, l) : null;
    double[] scores = new double[grid.blockRows() * grid.blockCols()];
    for (int br = 0; br < grid.blockRows(); br++) {
      for (int bc = 0; bc < grid.blockCols(); bc++) {
        scores[br * grid.blockCols() + bc] = o.criterion().score(w, grid, br, bc, scale);
      }
    }
    return new Target(l, w, scores, null, ratio);
  }

  /**
   * The weight with every pruned block set to exactly zero (a new tensor; inputs are immutable). {@code values},
   * the caller's own copy of the weight, is zeroed in place: a second 100 MB copy of ResNet-50's weights cost
   * about a tenth of a bsc compile.
   */
  static Tensor apply(Tensor weight, BlockGrid grid, BlockMask mask, float[] values) {
    float[] w = values;
    PrunableLayer l = grid.layer();
    for (int br = 0; br < grid.blockRows(); br++) {
      for (int bc = 0; bc < grid.blockCols(); bc++) {
        if (mask.isKept(br, bc)) {
          continue;
        }
        for (int o = grid.rowStart(br); o < grid.rowEnd(br); o++) {
          for (int i = grid.colStart(bc); i < grid.colEnd(bc); i++) {
            for (int t = 0; t < l.taps(); t++) {
              w[(int) l.index(o, i, t)] = 0f;
            }
          }
        }
      }
    }
    return Tensor.ofFloats(weight.shape(), w);
  }
}
