package bsc.sparsify.quant;

/**
 * What calibration saw of one value: element count, signed extremes, and a histogram of |x| by the fix
 * position each element alone would get ({@link FixedPoint#fixPosition}). Because that function is
 * monotone in |x|, the fix position of any percentile of |x| is read off the histogram exactly: no
 * binning error can move a value to another power of two.
 */
public final class ValueRange {
  private static final int BINS = FixedPoint.MAX_FIX - FixedPoint.MIN_FIX + 1;
  private final long[] counts = new long[BINS];
  private long elements;
  private float min = Float.POSITIVE_INFINITY;
  private float max = Float.NEGATIVE_INFINITY;

  ValueRange() {}

  /** Adds values; false when one is NaN or infinite (nothing is added then). */
  boolean add(float[] values) {
    long[] local = new long[BINS];
    float lo = min;
    float hi = max;
    for (float v : values) {
      if (!Float.isFinite(v)) {
        return false;
      }
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      local[FixedPoint.fixPosition(Math.abs(v)) - FixedPoint.MIN_FIX]++;
    }
    for (int i = 0; i < BINS; i++) {
      counts[i] += local[i];
    }
    elements += values.length;
    min = lo;
    max = hi;
    return true;
  }

  public long elements() {
    return elements;
  }

  public float min() {
    return min;
  }

  public float max() {
    return max;
  }

  public float maxAbs() {
    return elements == 0 ? 0 : Math.max(Math.abs(min), Math.abs(max));
  }

  /**
   * The fix position of the {@code method}'s range: for percentile p, that of the element of rank
   * ceil(p/100 * n) in ascending |x| (nearest rank); for min/max, that of max |x|.
   */
  public int fixPosition(CalibrationMethod method) {
    if (elements == 0) {
      return FixedPoint.MAX_FIX;
    }
    // the 1e-9 keeps 99.99% of 20,000 at rank 19,998 despite the binary rounding of 99.99
    long rank = Math.max(1, (long) Math.ceil(method.percentile() * elements / 100.0 - 1e-9));
    long seen = 0;
    // ascending |x| is descending fix position
    for (int i = BINS - 1; i >= 0; i--) {
      seen += counts[i];
      if (seen >= rank) {
        return i + FixedPoint.MIN_FIX;
      }
    }
    return FixedPoint.MIN_FIX;
  }
}
