package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element loops around the convs on the incubating Vector API (loaded only when {@link VectorSupport}
 * says so): widening int8 to float, clamping int8, and requantizing int32 accumulators, each the same
 * integer function as its scalar form in {@link FixedPoint} (the tests compare the two paths byte for byte).
 * Each loop is one flat loop over 16 lanes with a scalar tail.
 */
final class VectorLoops {
  private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_512;
  private static final VectorSpecies<Byte> B64 = ByteVector.SPECIES_512;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;

  private VectorLoops() {}

  /** w[to + i] = x[from + i] for i < n. */
  static void widen(byte[] x, int from, float[] w, int to, int n) {
    int i = 0;
    for (; i + 16 <= n; i += 16) {
      ((FloatVector) ByteVector.fromArray(B16, x, from + i).convertShape(VectorOperators.B2F, F, 0))
          .intoArray(w, to + i);
    }
    for (; i < n; i++) {
      w[to + i] = x[from + i];
    }
  }

  /** y[i] = clamp(x[i], lo, hi) for i in [from, to). */
  static void clamp(byte[] x, byte[] y, int from, int to, byte lo, byte hi) {
    int i = from;
    for (; i + 64 <= to; i += 64) {
      ByteVector.fromArray(B64, x, i).max(lo).min(hi).intoArray(y, i);
    }
    for (; i < to; i++) {
      y[i] = (byte) FixedPoint.clamp(x[i], lo, hi);
    }
  }

  /**
   * Whether {@link #add} computes {@link FixedPoint#add} for these shifts: the aligned operands and their
   * sum stay below 2^30 in magnitude (shifts up to 22), and the rounding's bias 2^(shift-1) keeps the sum
   * below 2^31 (shift up to 30).
   */
  static boolean addFits(int shiftA, int shiftB, int shift) {
    return shiftA >= 0 && shiftA <= 22 && shiftB >= 0 && shiftB <= 22 && shift <= 30;
  }

  /**
   * y[i] = clamp(requantize((x[i] << shiftA) + (z[i] << shiftB), shift), lo, hi) for i in [from, to): {@link
   * FixedPoint#add} with its fix positions turned into shifts, clamped to [lo, hi] within the int8 range.
   * For shift <= 0 (an exact left shift, then saturation) the sum is first clamped to [-256, 255] and shifted
   * by at most 8: every sum outside int8 saturates either way, and a nonzero one shifted by 8 or more does
   * too, so the int lanes never overflow. Needs {@link #addFits}.
   */
  static void add(byte[] x, byte[] z, byte[] y, int from, int to, int shiftA, int shiftB, int shift, int lo,
      int hi) {
    int bottom = Math.max(lo, FixedPoint.INT8_MIN);
    int top = Math.min(hi, FixedPoint.INT8_MAX);
    int i = shiftA <= 6 && shiftB <= 6 && shift <= 15 ? addShort(x, z, y, from, to, shiftA, shiftB, shift, bottom, top)
        : from;
    if (shift > 0) {
      int half = (1 << (shift - 1)) - 1;
      for (; i + 16 <= to; i += 16) {
        IntVector v = widen(x, i).lanewise(VectorOperators.LSHL, shiftA)
            .add(widen(z, i).lanewise(VectorOperators.LSHL, shiftB));
        IntVector odd = v.lanewise(VectorOperators.ASHR, shift).and(1);
        IntVector r = v.add(half).add(odd).lanewise(VectorOperators.ASHR, shift).max(bottom).min(top);
        ((ByteVector) r.convertShape(VectorOperators.I2B, B16, 0)).intoArray(y, i);
      }
    } else {
      int left = Math.min(-shift, 8);
      for (; i + 16 <= to; i += 16) {
        IntVector v = widen(x, i).lanewise(VectorOperators.LSHL, shiftA)
            .add(widen(z, i).lanewise(VectorOperators.LSHL, shiftB));
        IntVector r = v.max(-256).min(255).lanewise(VectorOperators.LSHL, left).max(bottom).min(top);
        ((ByteVector) r.convertShape(VectorOperators.I2B, B16, 0)).intoArray(y, i);
      }
    }
    for (; i < to; i++) {
      long v = ((long) x[i] << shiftA) + ((long) z[i] << shiftB);
      y[i] = (byte) FixedPoint.clamp(FixedPoint.requantize(v, shift), lo, hi);
    }
  }

  /**
   * {@link #add} in short lanes, twice the elements per vector, for operand shifts up to 6 and a shift up to
   * 15: the aligned sum stays within 128 * 2^6 + 128 = 8,320 and adding the rounding's bias 2^14 keeps it below
   * 2^15; a left shift is capped at 7 (255 * 2^7 fits, and any nonzero sum shifted by 7 or more saturates).
   * Returns where it stopped (the caller finishes the tail).
   */
  private static int addShort(byte[] x, byte[] z, byte[] y, int from, int to, int shiftA, int shiftB, int shift,
      int bottom, int top) {
    short lo = (short) bottom;
    short hi = (short) top;
    int i = from;
    if (shift > 0) {
      short half = (short) ((1 << (shift - 1)) - 1);
      for (; i + 32 <= to; i += 32) {
        ShortVector v = widenShort(x, i).lanewise(VectorOperators.LSHL, shiftA)
            .add(widenShort(z, i).lanewise(VectorOperators.LSHL, shiftB));
        ShortVector odd = v.lanewise(VectorOperators.ASHR, shift).and((short) 1);
        ShortVector r = v.add(half).add(odd).lanewise(VectorOperators.ASHR, shift).max(lo).min(hi);
        ((ByteVector) r.convertShape(VectorOperators.S2B, B32, 0)).intoArray(y, i);
      }
    } else {
      int left = Math.min(-shift, 7);
      for (; i + 32 <= to; i += 32) {
        ShortVector v = widenShort(x, i).lanewise(VectorOperators.LSHL, shiftA)
            .add(widenShort(z, i).lanewise(VectorOperators.LSHL, shiftB));
        ShortVector r = v.max((short) -256).min((short) 255).lanewise(VectorOperators.LSHL, left).max(lo).min(hi);
        ((ByteVector) r.convertShape(VectorOperators.S2B, B32, 0)).intoArray(y, i);
      }
    }
    return i;
  }

  private static ShortVector widenShort(byte[] x, int from) {
    return (ShortVector) ByteVector.fromArray(B32, x, from).convertShape(VectorOperators.B2S, S, 0);
  }

  private static IntVector widen(byte[] x, int from) {
    return (IntVector) ByteVector.fromArray(B16, x, from).convertShape(VectorOperators.B2I, I, 0);
  }

  /** Terms per chunk of {@link #dot}: one int lane each. */
  static final int DOT_LANES = 16;

  /**
   * The int32 sum of w[wOff + c + j] * x[c + j] over j < {@link #DOT_LANES} and the chunks c =
   * chunks[from .. to): int8 products, int lanes (the sum wraps as a scalar int sum would).
   */
  static int dot(byte[] w, int wOff, int[] x, int[] chunks, int from, int to) {
    IntVector acc = IntVector.zero(I);
    for (int k = from; k < to; k++) {
      int c = chunks[k];
      acc = acc.add(widen(w, wOff + c).mul(IntVector.fromArray(I, x, c)));
    }
    return acc.reduceLanes(VectorOperators.ADD);
  }

  /** acc[to + i] = max(acc[to + i], x[from + i]) for i < n. */
  static void max(byte[] x, int from, byte[] acc, int to, int n) {
    // the last vector overlaps the one before: max is idempotent, so lanes done twice keep their value
    if (n >= 64) {
      for (int i = 0; ; i += 64) {
        int at = Math.min(i, n - 64);
        ByteVector.fromArray(B64, x, from + at).max(ByteVector.fromArray(B64, acc, to + at)).intoArray(acc, to + at);
        if (at == n - 64) {
          return;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      acc[to + i] = (byte) Math.max(acc[to + i], x[from + i]);
    }
  }

  /**
   * y[at + q] = clamp(requantize(acc[from + q], shift), lo, hi) for q < n, for a shift of at least 1 and
   * accumulators whose rounding cannot overflow int (|acc| + 2^(shift-1) < 2^31, checked by the caller):
   * then {@link FixedPoint#shiftRound}'s long arithmetic and this int arithmetic agree.
   */
  static void requantize(int[] acc, int from, int n, int shift, byte[] y, int at, int lo, int hi) {
    int half = (1 << (shift - 1)) - 1;
    int bottom = Math.max(lo, FixedPoint.INT8_MIN);
    int top = Math.min(hi, FixedPoint.INT8_MAX);
    int q = 0;
    for (; q + 16 <= n; q += 16) {
      IntVector v = IntVector.fromArray(I, acc, from + q);
      IntVector odd = v.lanewise(VectorOperators.ASHR, shift).and(1);
      IntVector r = v.add(half).add(odd).lanewise(VectorOperators.ASHR, shift).max(bottom).min(top);
      ((ByteVector) r.convertShape(VectorOperators.I2B, B16, 0)).intoArray(y, at + q);
    }
    for (; q < n; q++) {
      y[at + q] = (byte) FixedPoint.clamp(FixedPoint.requantize(acc[from + q], shift), lo, hi);
    }
  }
}
