package bsc.cli.compile;

import bsc.ir.Graph;
import bsc.sparsify.BlockShape;
import bsc.sparsify.MaskSet;

/**
 * A canonical graph pruned once for a block shape and sparsity, shared by every array and timing model a
 * sweep compiles it for (immutable, so safe across threads). {@code sparsity} 0 means the model's own zeros
 * were kept: nothing was pruned.
 */
public record PrunedModel(String model, BlockShape block, double sparsity, Graph graph, MaskSet masks) {
  /** Zero blocks over all eligible layers divided by their blocks, in the pruning block shape. */
  public double achievedSparsity() {
    return masks.eligibleRatio();
  }
}
