package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
