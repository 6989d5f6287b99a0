package bsc.sparsify.quant;

/**
 * The INT8 arithmetic contract of bsc: every integer operation the INT8 executor, the AIE2 kernels and the
 * functional simulator perform is one of these functions, so they agree bit for bit.
 *
 * <p>A value with fix position {@code f} is an int8 {@code q} standing for {@code q * 2^-f} (Vitis AI's
 * "fix position", paper-facts.md section 3): scales are powers of two and zero points are 0.
 *
 * <p>One rounding rule everywhere: <b>round to nearest, ties to even</b>.
 * <ul>
 *   <li><b>float to int8</b> ({@link #quantize}): {@code clamp(rint(x * 2^f), -128, 127)}; this is ONNX
 *       QuantizeLinear exactly ({@code x * 2^f} is exact in binary floating point).
 *   <li><b>integer rescale</b> by a right shift s > 0 ({@link #shiftRound}):
 *       {@code (v + 2^(s-1) - 1 + ((v >> s) & 1)) >> s}, an arithmetic shift after adding just under half,
 *       plus one when the truncated quotient is odd (2.5 to 2, 3.5 to 4, -2.5 to -2): the AIE2 SRS
 *       rounding mode {@code conv_even}. A left shift (s <= 0) is exact. {@link #saturate} then clamps to
 *       [-128, 127].
 *   <li><b>division</b> (average pools, {@link #divideRound}): the exact quotient, ties to even.
 * </ul>
 * Why ties to even and not half up: it is the rule of ONNX QuantizeLinear (so the exported QDQ model and
 * ONNX Runtime compute the same integers), and with half up the ties that every layer meets with
 * probability 2^-shift pile up through a deep network (ResNet-18's logits: 58% within one step of ONNX
 * Runtime with half up, 100% identical with ties to even).
 */
public final class FixedPoint {
  public static final int INT8_MIN = -128;
  public static final int INT8_MAX = 127;
  /**
   * Fix positions are kept in [MIN_FIX, MAX_FIX]: wide enough for any activation or weight range seen in
   * practice (2^-24 to 2^16 units), narrow enough that every shift between two of them fits a long.
   */
  public static final int MIN_FIX = -16;
  public static final int MAX_FIX = 24;

  private FixedPoint() {}

  /** The real value of one step of fix position f: 2^-f (exact in float). */
  public static float scale(int fix) {
    return Math.scalb(1f, -fix);
  }

  /** float to int8 at fix position f, as ONNX QuantizeLinear: nearest, ties to even, saturate. */
  public static int quantize(float x, int fix) {
    if (Float.isNaN(x)) {
      throw new IllegalArgumentException("cannot quantize NaN");
    }
    double r = Math.rint(Math.scalb((double) x, fix));
    return r <= INT8_MIN ? INT8_MIN : r >= INT8_MAX ? INT8_MAX : (int) r;
  }

  /** float to int32 at fix position f (biases): round half to even, saturate to the int range. */
  public static int quantize32(double x, int fix) {
    double v = Math.rint(Math.scalb(x, fix));
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
  }

  /** The real value of int q at fix position f. */
  public static float dequantize(int q, int fix) {
    return Math.scalb((float) q, -fix);
  }

  /**
   * The fix position of a tensor whose values lie in [-maxAbs, maxAbs]: the largest f with
   * {@code maxAbs * 2^f <= 127} (no value saturates), clamped to [MIN_FIX, MAX_FIX]. A zero range gets
   * MAX_FIX.
   */
  public static int fixPosition(double maxAbs) {
    if (!(maxAbs >= 0) || Double.isInfinite(maxAbs)) {
      throw new IllegalArgumentException("range must be finite and non-negative, got " + maxAbs);
    }
    if (maxAbs == 0 || maxAbs < Math.scalb(1.0, -MAX_FIX - 8)) {
      return MAX_FIX;
    }
    int e = Math.getExponent(maxAbs); // maxAbs = m * 2^e, m in [1, 2)
    double m = Math.scalb(maxAbs, -e);
    // m * 2^(e+f) <= 127 = 1.984375 * 2^6: f = 6 - e when m <= 1.984375, else 5 - e
    int f = m <= INT8_MAX / 64.0 ? 6 - e : 5 - e;
    return Math.max(MIN_FIX, Math.min(MAX_FIX, f));
  }

  /** Clamps to the int8 range. */
  public static int saturate(long v) {
    return v < INT8_MIN ? INT8_MIN : v > INT8_MAX ? INT8_MAX : (int) v;
  }

  /**
   * {@code v * 2^-s} rounded to nearest, ties to even (s > 0), or exactly {@code v * 2^-s} (s <= 0;
   * saturating at the long range, far beyond int8). Not saturated to int8: callers apply {@link #saturate}.
   * Every caller has {@code |v| < 2^62} (accumulators stay below 2^31), so a shift of 63 or more gives 0.
   */
  public static long shiftRound(long v, int s) {
    if (s > 0) {
      if (s >= 63) {
        return 0;
      }
      return (v + (1L << (s - 1)) - 1 + ((v >> s) & 1)) >> s;
    }
    if (s == 0 || v == 0) {
      return v;
    }
    int left = -s;
    if (left >= 62 || Math.abs(v) > (Long.MAX_VALUE >> left)) {
      return v > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return v << left;
  }

  /** Requantization of an accumulator: {@code saturate(shiftRound(acc, shift))}. */
  public static int requantize(long acc, int shift) {
    return saturate(shiftRound(acc, shift));
  }

  /**
   * {@code num * 2^e / den} rounded to nearest, ties to even, for den > 0 (2^e moves to the denominator when
   * e < 0). The average pools use it with den = the window's count and |e| <= MAX_FIX - MIN_FIX.
   */
  public static long divideRound(long num, long den, int e) {
    if (den <= 0 || den > Integer.MAX_VALUE || Math.abs(e) > MAX_FIX - MIN_FIX) {
      throw new IllegalArgumentException("divisor " + den + " or exponent " + e + " out of range");
    }
    long n = e >= 0 ? shiftRound(num, -e) : num;
    long d = e >= 0 ? den : den << -e;
    long q = Math.floorDiv(n, d);
    long r2 = 2 * (n - q * d);
    return r2 > d || (r2 == d && (q & 1) != 0) ? q + 1 : q;
  }

  /** Clamps {@code v} to [lo, hi]. */
  public static int clamp(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  /**
   * Add of int8 a (fix fa) and b (fix fb) into fix fy: both are aligned to the finer position
   * fm = max(fa, fb) by exact left shifts, summed, then rescaled by fm - fy (nearest even, saturate).
   */
  public static int add(int a, int fa, int b, int fb, int fy) {
    int fm = Math.max(fa, fb);
    return requantize(((long) a << (fm - fa)) + ((long) b << (fm - fb)), fm - fy);
  }

  /** An int8 at fix {@code from} moved to fix {@code to} (Concat inputs): nearest even, saturate. */
  public static int rescale(int q, int from, int to) {
    return requantize(q, from - to);
  }

  /** Average of {@code count} int8 values summing to {@code sum} at fix fIn, as int8 at fix fOut. */
  public static int average(long sum, long count, int fIn, int fOut) {
    return saturate(divideRound(sum, count, fOut - fIn));
  }
}
