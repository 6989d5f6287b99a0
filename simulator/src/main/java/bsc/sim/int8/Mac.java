package bsc.sim.int8;

/**
 * The multiply-accumulate loops every INT8 conv runs: int8 weights times int8 activations, summed exactly
 * in float. The activations are held widened in float arrays and every operand is read at the loop index,
 * because HotSpot 17's superword pass vectorizes neither byte conversions nor loads at an offset from the
 * store's index; and a loop body holds four products, because with eight the body is too large for the
 * 16-way unrolling AVX-512 needs and the loop stays scalar (measured: 13 against 1.7 GMAC/s per core).
 *
 * <p>Why float: a product of two int8 values is an integer of magnitude at most 2^14, so a sum of at most
 * {@link #EXACT_PRODUCTS} = 1024 of them is an integer of magnitude at most 2^24, and every such integer is
 * exact in float: each fused multiply-add then computes the exact integer sum, the same as int32 would.
 * The conv kernel moves the float sums into int32 accumulators before they could hold more products. Float
 * FMA runs these loops 1.45-1.55x faster than int32 multiply-add on AVX-512 (int multiplies are two
 * micro-ops on one port; per-thread CPU time, 64 to 512 positions per row), the whole resnet50 1.2x
 * (docs/BENCHMARKS.md).
 */
final class Mac {
  /** Products per float sum that keep it exact: 1024 * 2^14 = 2^24. */
  static final int EXACT_PRODUCTS = 1024;

  private Mac() {}

  /** acc[q] += sum_j w_j * p_j[q] for q in [0, n): eight products, in two vectorizable passes of four. */
  static void madd8(float[] acc, float[] p0, float[] p1, float[] p2, float[] p3, float[] p4, float[] p5,
      float[] p6, float[] p7, float w0, float w1, float w2, float w3, float w4, float w5, float w6, float w7, int n) {
    madd4(acc, p0, p1, p2, p3, w0, w1, w2, w3, n);
    madd4(acc, p4, p5, p6, p7, w4, w5, w6, w7, n);
  }

  static void madd4(float[] acc, float[] p0, float[] p1, float[] p2, float[] p3, float w0, float w1, float w2,
      float w3, int n) {
    for (int q = 0; q < n; q++) {
      acc[q] = Math.fma(w3, p3[q], Math.fma(w2, p2[q], Math.fma(w1, p1[q], Math.fma(w0, p0[q], acc[q]))));
    }
  }

  /** acc[q] += sum_{j < m} w[wOff + j * wStride] * planes[rows[j]][q], for m <= 8 terms. */
  static void maddFew(float[] acc, float[][] planes, int[] rows, int m, byte[] w, int wOff, int wStride, int n) {
    for (int j = 0; j < m; j++) {
      float wj = w[wOff + j * wStride];
      float[] p = planes[rows[j]];
      for (int q = 0; q < n; q++) {
        acc[q] = Math.fma(wj, p[q], acc[q]);
      }
    }
  }

  /** acc[q] += (int) sum[q] and sum[q] = 0 for q in [0, n): a float sum, exact, moved into int32. */
  static void flush(int[] acc, float[] sum, int n) {
    for (int q = 0; q < n; q++) {
      acc[q] += (int) sum[q];
      sum[q] = 0;
    }
  }

  /** sum_j w[wOff + j] * x[xOff + j] for j in [0, m). */
  static int dot(byte[] w, int wOff, int[] x, int xOff, int m) {
    int s0 = 0;
    int s1 = 0;
    int s2 = 0;
    int s3 = 0;
    int j = 0;
    for (; j + 3 < m; j += 4) {
      s0 += w[wOff + j] * x[xOff + j];
      s1 += w[wOff + j + 1] * x[xOff + j + 1];
      s2 += w[wOff + j + 2] * x[xOff + j + 2];
      s3 += w[wOff + j + 3] * x[xOff + j + 3];
    }
    for (; j < m; j++) {
      s0 += w[wOff + j] * x[xOff + j];
    }
    return s0 + s1 + s2 + s3;
  }
}
