package bsc.sim.int8;

/**
 * The multiply-accumulate loops every INT8 conv runs: int32 accumulators plus int8 weights times int8
 * activations. The activations are held widened in int arrays and every operand is read at the loop
 * index, because HotSpot 17's superword pass vectorizes neither byte-to-int conversions nor loads at an
 * offset from the store's index; and a loop body holds four products, because with eight the body is
 * too large for the 16-way unrolling AVX-512 needs and the loop stays scalar (measured: 13 against 1.7
 * GMAC/s per core). Exact: the quantizer bounds every accumulator below 2^31.
 */
final class Mac {
  private Mac() {}

  /** acc[q] += sum_j w_j * p_j[q] for q in [0, n): eight products, in two vectorizable passes of four. */
  static void madd8(int[] acc, int[] p0, int[] p1, int[] p2, int[] p3, int[] p4, int[] p5, int[] p6, int[] p7,
      int w0, int w1, int w2, int w3, int w4, int w5, int w6, int w7, int n) {
    madd4(acc, p0, p1, p2, p3, w0, w1, w2, w3, n);
    madd4(acc, p4, p5, p6, p7, w4, w5, w6, w7, n);
  }

  static void madd4(int[] acc, int[] p0, int[] p1, int[] p2, int[] p3, int w0, int w1, int w2, int w3, int n) {
    for (int q = 0; q < n; q++) {
      acc[q] += w0 * p0[q] + w1 * p1[q] + w2 * p2[q] + w3 * p3[q];
    }
  }

  /** acc[q] += sum_{j < m} w[wOff + j * wStride] * planes[rows[j]][q], for m <= 8 terms. */
  static void maddFew(int[] acc, int[][] planes, int[] rows, int m, byte[] w, int wOff, int wStride, int n) {
    for (int j = 0; j < m; j++) {
      int wj = w[wOff + j * wStride];
      int[] p = planes[rows[j]];
      for (int q = 0; q < n; q++) {
        acc[q] += wj * p[q];
      }
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
