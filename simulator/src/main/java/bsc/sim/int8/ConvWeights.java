package bsc.sim.int8;

/**
 * How a conv's int8 weights are walked: every weight ({@link DenseConvWeights}) or only the nonzero blocks
 * ({@link SparseConvWeights}). Both add exactly the same products into the accumulators, so the two paths
 * give the same bytes; only the zero products the sparse path skips differ.
 */
sealed interface ConvWeights permits DenseConvWeights, SparseConvWeights {
  RowGroups rowGroups();

  /**
   * Adds the products of row group {@code group} into {@code acc[r][0 .. n)} (r = channel within the
   * group), reading im2col rows {@code cols} (row {@code c * taps + t}; row {@code zeroRow} is all zeros).
   */
  void accumulate(int group, int[][] acc, int[][] cols, int zeroRow, int n);

  /** The same for a single output position: {@code acc[r] += sum w * x[c * taps + t]}. */
  void accumulateVector(int group, int[] acc, int[] x);

  /** Multiply-accumulates per output position of a row group: its share of the work. */
  long macsPerPosition(int group);
}
