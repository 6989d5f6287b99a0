package bsc.sparsify.quant;

import bsc.ir.BscException;

/**
 * How an activation's fix position follows from its calibration values: the range is the largest |x|
 * ({@code minMax}) or the given percentile of |x| (nearest rank over all elements of all samples), and
 * the fix position is the largest f with {@code range * 2^f <= 127} ({@link FixedPoint#fixPosition}).
 * A percentile below 100 lets the rarest outliers saturate for a finer step everywhere else.
 */
public record CalibrationMethod(double percentile) {
  /** TensorRT's and the default percentile. */
  public static final double DEFAULT_PERCENTILE = 99.99;

  public CalibrationMethod {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new BscException("--percentile", "must be in (0, 100], got " + percentile);
    }
  }

  public static CalibrationMethod minMax() {
    return new CalibrationMethod(100);
  }

  public static CalibrationMethod percentile(double p) {
    return new CalibrationMethod(p);
  }

  public static CalibrationMethod defaults() {
    return new CalibrationMethod(DEFAULT_PERCENTILE);
  }

  public boolean isMinMax() {
    return percentile == 100;
  }

  @Override
  public String toString() {
    return isMinMax() ? "minmax" : "percentile " + percentile;
  }
}
