package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked multiply-accumulate micro-kernels of the vector conv path, on the incubating Vector
 * API (it, {@link Planes}, {@link VectorLoops} and the kernels that call them touch {@code jdk.incubator.vector}
 * and are made only when {@link VectorSupport} says the module is there). A call computes a block of 8 output channels x 16, 32 or 48 output positions: 8 x 3 (or 2, 1)
 * 512-bit float accumulators stay in registers while the call walks its steps (step k reads its operands
 * from {@code x[off[k] + q ..]}, its 8 packed weights are {@code w[8k .. 8k + 8)}), then are stored to a
 * float buffer, converted and added into the int32 accumulators. The sums are exact ({@link Mac}): the
 * caller's segments keep every float sum an integer below 2^22 in magnitude ({@link PanelWeights}), so its
 * conversion to int is exact.
 *
 * <p>The three strip widths are the same loop written out for 24, 16 and 8 accumulators (HotSpot keeps
 * vectors in registers only when they are plain locals, not array elements). The sums leave the loop
 * through a buffer, not one add per accumulator: with 24 inlined load-convert-add-stores the method grows
 * past C2's inlining node budget (LiveNodeCountInliningCutoff), the rest is not inlined, and every vector
 * is then boxed (measured: 0.04 GMAC/s instead of tens). For the same reason of boxing the walk is one
 * flat loop over a step table (accumulators carried through nested loops, or started from a static
 * constant vector, were boxed too in HotSpot 17: 0.6 against 22 GMAC/s in a 4-accumulator test).
 */
final class PanelMac {
  static final int ROWS = 8;
  static final int LANES = 16;
  /** The widest strip: 3 vectors. */
  static final int STRIP = 3 * LANES;
  private static final float MAGIC = 0x1.8p23f;
  private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
  private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;

  private PanelMac() {}

  /**
   * sums[r * 48 + i] = sum over k in [kLo, kHi) of w[8k + r] * x[off[k] + xq + i], for r < 8 and i < width (16,
   * 32 or 48). The caller keeps every partial sum below 2^22 in magnitude ({@link PanelWeights}: the walk is
   * cut where the weights' magnitudes could take it past).
   */
  static void sum(int width, float[] x, int xq, int[] off, int kLo, int kHi, float[] w, float[] sums) {
    switch (width) {
      case 48 -> strip3(x, xq, off, kLo, kHi, w, sums);
      case 32 -> strip2(x, xq, off, kLo, kHi, w, sums);
      case 16 -> strip1(x, xq, off, kLo, kHi, w, sums);
      default -> throw new IllegalArgumentException("strip width " + width);
    }
  }

  /**
   * y[at + r * rowStride + i] = clamp(requantize(base + (int) sums[r * 48 + i], shift[o0 + r]), lo, hi) for
   * r < 8 and i < valid, base being bias[o0 + r] when {@code bias} is given, else acc[r * 48 + i]: the last
   * flush and the requantization in one pass ({@link #flush}, {@link VectorLoops#requantize}), for channels
   * whose shift is at least 1 and whose rounding cannot overflow int. acc is overwritten.
   */
  static void finish(float[] sums, int valid, int[] acc, int[] bias, int o0, int[] shift, int lo, int hi,
      byte[] y, int at, int rowStride) {
    int bottom = Math.max(lo, FixedPoint.INT8_MIN);
    int top = Math.min(hi, FixedPoint.INT8_MAX);
    for (int r = 0; r < ROWS; r++) {
      int sh = shift[o0 + r];
      int half = (1 << (sh - 1)) - 1;
      int row = at + r * rowStride;
      int i = 0;
      if (bias != null) {
        int b = bias[o0 + r];
        for (; i + LANES <= valid; i += LANES) {
          IntVector v = FloatVector.fromArray(F, sums, r * STRIP + i).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS - b);
          round(v, sh, half, bottom, top, y, row + i);
        }
        for (int t = i; t < valid; t++) {
          acc[r * STRIP + t] = b;
        }
      } else {
        for (; i + LANES <= valid; i += LANES) {
          IntVector v = FloatVector.fromArray(F, sums, r * STRIP + i).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS)
              .add(IntVector.fromArray(I, acc, r * STRIP + i));
          round(v, sh, half, bottom, top, y, row + i);
        }
      }
      for (; i < valid; i++) {
        int v = acc[r * STRIP + i] + (int) sums[r * STRIP + i];
        y[row + i] = (byte) FixedPoint.clamp(FixedPoint.requantize(v, sh), lo, hi);
      }
    }
  }

  private static void round(IntVector v, int sh, int half, int bottom, int top, byte[] y, int at) {
    IntVector odd = v.lanewise(VectorOperators.ASHR, sh).and(1);
    IntVector q = v.add(half).add(odd).lanewise(VectorOperators.ASHR, sh).max(bottom).min(top);
    ((ByteVector) q.convertShape(VectorOperators.I2B, B16, 0)).intoArray(y, at);
  }

  /**
   * acc[r * 48 + i] (+)= (int) sums[r * 48 + i], for sums of magnitude below 2^22: adding 1.5 * 2^23 puts such
   * an integer into the binade where the float's low mantissa bits are the integer plus 2^22, so the
   * conversion is a bit reinterpretation and an int subtraction. HotSpot 17 compiles neither a scalar (int)
   * float loop (one conversion and NaN check per element: measured as costly as the micro-kernel) nor the
   * Vector API's F2I conversion (slower still) to vector conversions.
   */
  static void flush(float[] sums, int width, int[] acc, int[] bias, int o0) {
    // two loops, not a choice of vector per lane group: a vector merged at a branch may be boxed
    if (bias != null) {
      for (int r = 0; r < ROWS; r++) {
        int b = bias[o0 + r];
        for (int i = r * STRIP; i < r * STRIP + width; i += LANES) {
          FloatVector.fromArray(F, sums, i).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS - b).intoArray(acc, i);
        }
      }
      return;
    }
    for (int r = 0; r < ROWS; r++) {
      for (int i = r * STRIP; i < r * STRIP + width; i += LANES) {
        IntVector sum = FloatVector.fromArray(F, sums, i).add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS);
        IntVector.fromArray(I, acc, i).add(sum).intoArray(acc, i);
      }
    }
  }

  private static void strip3(float[] x, int q, int[] off, int kLo, int kHi, float[] w, float[] sums) {
    FloatVector a00 = FloatVector.zero(F); FloatVector a01 = FloatVector.zero(F); FloatVector a02 = FloatVector.zero(F);
    FloatVector a10 = FloatVector.zero(F); FloatVector a11 = FloatVector.zero(F); FloatVector a12 = FloatVector.zero(F);
    FloatVector a20 = FloatVector.zero(F); FloatVector a21 = FloatVector.zero(F); FloatVector a22 = FloatVector.zero(F);
    FloatVector a30 = FloatVector.zero(F); FloatVector a31 = FloatVector.zero(F); FloatVector a32 = FloatVector.zero(F);
    FloatVector a40 = FloatVector.zero(F); FloatVector a41 = FloatVector.zero(F); FloatVector a42 = FloatVector.zero(F);
    FloatVector a50 = FloatVector.zero(F); FloatVector a51 = FloatVector.zero(F); FloatVector a52 = FloatVector.zero(F);
    FloatVector a60 = FloatVector.zero(F); FloatVector a61 = FloatVector.zero(F); FloatVector a62 = FloatVector.zero(F);
    FloatVector a70 = FloatVector.zero(F); FloatVector a71 = FloatVector.zero(F); FloatVector a72 = FloatVector.zero(F);
    for (int k = kLo, wi = kLo * ROWS; k < kHi; k++, wi += ROWS) {
      int xi = off[k] + q;
      FloatVector x0 = FloatVector.fromArray(F, x, xi);
      FloatVector x1 = FloatVector.fromArray(F, x, xi + 16);
      FloatVector x2 = FloatVector.fromArray(F, x, xi + 32);
      FloatVector b0 = FloatVector.broadcast(F, w[wi]);
      a00 = x0.fma(b0, a00); a01 = x1.fma(b0, a01); a02 = x2.fma(b0, a02);
      FloatVector b1 = FloatVector.broadcast(F, w[wi + 1]);
      a10 = x0.fma(b1, a10); a11 = x1.fma(b1, a11); a12 = x2.fma(b1, a12);
      FloatVector b2 = FloatVector.broadcast(F, w[wi + 2]);
      a20 = x0.fma(b2, a20); a21 = x1.fma(b2, a21); a22 = x2.fma(b2, a22);
      FloatVector b3 = FloatVector.broadcast(F, w[wi + 3]);
      a30 = x0.fma(b3, a30); a31 = x1.fma(b3, a31); a32 = x2.fma(b3, a32);
      FloatVector b4 = FloatVector.broadcast(F, w[wi + 4]);
      a40 = x0.fma(b4, a40); a41 = x1.fma(b4, a41); a42 = x2.fma(b4, a42);
      FloatVector b5 = FloatVector.broadcast(F, w[wi + 5]);
      a50 = x0.fma(b5, a50); a51 = x1.fma(b5, a51); a52 = x2.fma(b5, a52);
      FloatVector b6 = FloatVector.broadcast(F, w[wi + 6]);
      a60 = x0.fma(b6, a60); a61 = x1.fma(b6, a61); a62 = x2.fma(b6, a62);
      FloatVector b7 = FloatVector.broadcast(F, w[wi + 7]);
      a70 = x0.fma(b7, a70); a71 = x1.fma(b7, a71); a72 = x2.fma(b7, a72);
    }
    a00.intoArray(sums, 0); a01.intoArray(sums, 16); a02.intoArray(sums, 32);
    a10.intoArray(sums, 48); a11.intoArray(sums, 64); a12.intoArray(sums, 80);
    a20.intoArray(sums, 96); a21.intoArray(sums, 112); a22.intoArray(sums, 128);
    a30.intoArray(sums, 144); a31.intoArray(sums, 160); a32.intoArray(sums, 176);
    a40.intoArray(sums, 192); a41.intoArray(sums, 208); a42.intoArray(sums, 224);
    a50.intoArray(sums, 240); a51.intoArray(sums, 256); a52.intoArray(sums, 272);
    a60.intoArray(sums, 288); a61.intoArray(sums, 304); a62.intoArray(sums, 320);
    a70.intoArray(sums, 336); a71.intoArray(sums, 352); a72.intoArray(sums, 368);
  }

  private static void strip2(float[] x, int q, int[] off, int kLo, int kHi, float[] w, float[] sums) {
    FloatVector a00 = FloatVector.zero(F); FloatVector a01 = FloatVector.zero(F);
    FloatVector a10 = FloatVector.zero(F); FloatVector a11 = FloatVector.zero(F);
    FloatVector a20 = FloatVector.zero(F); FloatVector a21 = FloatVector.zero(F);
    FloatVector a30 = FloatVector.zero(F); FloatVector a31 = FloatVector.zero(F);
    FloatVector a40 = FloatVector.zero(F); FloatVector a41 = FloatVector.zero(F);
    FloatVector a50 = FloatVector.zero(F); FloatVector a51 = FloatVector.zero(F);
    FloatVector a60 = FloatVector.zero(F); FloatVector a61 = FloatVector.zero(F);
    FloatVector a70 = FloatVector.zero(F); FloatVector a71 = FloatVector.zero(F);
    for (int k = kLo, wi = kLo * ROWS; k < kHi; k++, wi += ROWS) {
      int xi = off[k] + q;
      FloatVector x0 = FloatVector.fromArray(F, x, xi);
      FloatVector x1 = FloatVector.fromArray(F, x, xi + 16);
      FloatVector b0 = FloatVector.broadcast(F, w[wi]);
      a00 = x0.fma(b0, a00); a01 = x1.fma(b0, a01);
      FloatVector b1 = FloatVector.broadcast(F, w[wi + 1]);
      a10 = x0.fma(b1, a10); a11 = x1.fma(b1, a11);
      FloatVector b2 = FloatVector.broadcast(F, w[wi + 2]);
      a20 = x0.fma(b2, a20); a21 = x1.fma(b2, a21);
      FloatVector b3 = FloatVector.broadcast(F, w[wi + 3]);
      a30 = x0.fma(b3, a30); a31 = x1.fma(b3, a31);
      FloatVector b4 = FloatVector.broadcast(F, w[wi + 4]);
      a40 = x0.fma(b4, a40); a41 = x1.fma(b4, a41);
      FloatVector b5 = FloatVector.broadcast(F, w[wi + 5]);
      a50 = x0.fma(b5, a50); a51 = x1.fma(b5, a51);
      FloatVector b6 = FloatVector.broadcast(F, w[wi + 6]);
      a60 = x0.fma(b6, a60); a61 = x1.fma(b6, a61);
      FloatVector b7 = FloatVector.broadcast(F, w[wi + 7]);
      a70 = x0.fma(b7, a70); a71 = x1.fma(b7, a71);
    }
    a00.intoArray(sums, 0); a01.intoArray(sums, 16);
    a10.intoArray(sums, 48); a11.intoArray(sums, 64);
    a20.intoArray(sums, 96); a21.intoArray(sums, 112);
    a30.intoArray(sums, 144); a31.intoArray(sums, 160);
    a40.intoArray(sums, 192); a41.intoArray(sums, 208);
    a50.intoArray(sums, 240); a51.intoArray(sums, 256);
    a60.intoArray(sums, 288); a61.intoArray(sums, 304);
    a70.intoArray(sums, 336); a71.intoArray(sums, 352);
  }

  private static void strip1(float[] x, int q, int[] off, int kLo, int kHi, float[] w, float[] sums) {
    FloatVector a00 = FloatVector.zero(F);
    FloatVector a10 = FloatVector.zero(F);
    FloatVector a20 = FloatVector.zero(F);
    FloatVector a30 = FloatVector.zero(F);
    FloatVector a40 = FloatVector.zero(F);
    FloatVector a50 = FloatVector.zero(F);
    FloatVector a60 = FloatVector.zero(F);
    FloatVector a70 = FloatVector.zero(F);
    for (int k = kLo, wi = kLo * ROWS; k < kHi; k++, wi += ROWS) {
      int xi = off[k] + q;
      FloatVector x0 = FloatVector.fromArray(F, x, xi);
      FloatVector b0 = FloatVector.broadcast(F, w[wi]);
      a00 = x0.fma(b0, a00);
      FloatVector b1 = FloatVector.broadcast(F, w[wi + 1]);
      a10 = x0.fma(b1, a10);
      FloatVector b2 = FloatVector.broadcast(F, w[wi + 2]);
      a20 = x0.fma(b2, a20);
      FloatVector b3 = FloatVector.broadcast(F, w[wi + 3]);
      a30 = x0.fma(b3, a30);
      FloatVector b4 = FloatVector.broadcast(F, w[wi + 4]);
      a40 = x0.fma(b4, a40);
      FloatVector b5 = FloatVector.broadcast(F, w[wi + 5]);
      a50 = x0.fma(b5, a50);
      FloatVector b6 = FloatVector.broadcast(F, w[wi + 6]);
      a60 = x0.fma(b6, a60);
      FloatVector b7 = FloatVector.broadcast(F, w[wi + 7]);
      a70 = x0.fma(b7, a70);
    }
    a00.intoArray(sums, 0);
    a10.intoArray(sums, 48);
    a20.intoArray(sums, 96);
    a30.intoArray(sums, 144);
    a40.intoArray(sums, 192);
    a50.intoArray(sums, 240);
    a60.intoArray(sums, 288);
    a70.intoArray(sums, 336);
  }
}
