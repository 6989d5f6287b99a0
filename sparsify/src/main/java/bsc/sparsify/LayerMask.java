package bsc.sparsify;

/** The mask of one prunable layer, with why it has the ratio it has. */
public record LayerMask(PrunableLayer layer, BlockMask mask, Double targetRatio, String denseReason) {
  /** Whether the pruner was allowed to zero blocks of this layer. */
  public boolean eligible() {
    return denseReason == null;
  }
}
