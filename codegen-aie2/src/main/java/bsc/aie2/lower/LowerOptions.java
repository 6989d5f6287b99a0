package bsc.aie2.lower;

/**
 * Lowering options: {@code compaction} false keeps zero blocks (the paper's dense baseline, its
 * {@code nocompression} flag); {@code excludeClassifier} leaves the trailing FC layers to the host as the
 * paper's estimates do; {@code sparsity} and {@code block} are recorded in the program.
 */
public record LowerOptions(boolean compaction, boolean excludeClassifier, double sparsity, String block) {
  public static LowerOptions defaults() {
    return new LowerOptions(true, false, 0, "8x8");
  }

  /** The paper's setting: compaction on, classifier excluded. */
  public static LowerOptions paper(double sparsity) {
    return new LowerOptions(true, true, sparsity, "8x8");
  }

  public LowerOptions withCompaction(boolean c) {
    return new LowerOptions(c, excludeClassifier, sparsity, block);
  }

  public LowerOptions withExcludeClassifier(boolean e) {
    return new LowerOptions(compaction, e, sparsity, block);
  }
}
