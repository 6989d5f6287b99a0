package bsc.sim.int8;

/**
 * How a conv's int8 weights are walked: every weight ({@link DenseConvWeights}) or only the nonzero blocks
 * ({@link SparseConvWeights}). Both add exactly the same products into the accumulators, so the two paths
 * give the same bytes; only the zero products the sparse path skips differ.
 */
sealed interface ConvWeights permits DenseConvWeights, SparseConvWeights {
  RowGroups rowGroups();

  /**
   * Adds the products of row group {@code group} with its input channels [cLo, cHi) (counted within the
   * group's conv group; cLo a multiple of the block width) at kernel taps [tLo, tHi) into
   * {@code acc[o][0 .. n)} for its output channels o, reading im2col rows {@code cols}: input channel a,
   * tap t is row {@code t * tapStride + a - rowBase}; row {@code zeroRow} is all zeros. Both walks take the
   * products tap by tap, eight channels at a time; the caller keeps the float sums exact (at most {@link
   * Mac#EXACT_PRODUCTS} products per output between flushes).
   */
  void accumulate(int group, float[][] acc, float[][] cols, int rowBase, int tapStride, int zeroRow, int cLo,
      int cHi, int tLo, int tHi, int n);

  /** The same for a single output position: {@code acc[r] += sum w * x[c * taps + t]}. */
  void accumulateVector(int group, int[] acc, int[] x);

  /** Multiply-accumulates per output position of a row group: its share of the work. */
  long macsPerPosition(int group);
}
