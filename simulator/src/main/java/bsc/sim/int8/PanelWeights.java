package bsc.sim.int8;

import bsc.sparsify.BlockShape;
import bsc.sparsify.Int8BlockSparseTensor;

/**
 * A conv's weights packed once for the vector micro-kernels ({@link PanelMac}): for each group of 8 output
 * channels, the blocks it walks (every block column for the dense path, only the stored nonzero blocks of
 * the compacted {@link Int8BlockSparseTensor} for the block-sparse path), block by block and tap by tap,
 * each of the block's input channels at that tap a step of the walk, with the place its operands start in
 * the laid-out input ({@link Planes#offset}) and its 8 weights packed as floats, in walk order. The two
 * paths differ only in the all-zero blocks the sparse one leaves out, so they add the same products and
 * give the same bytes.
 *
 * <p>A micro-kernel call sums a segment of a group's walk in floats, which must stay exact integers below
 * 2^22 ({@link PanelMac#strip}). The walk is cut into segments by the weights themselves: a segment ends
 * before the step that would take some channel's sum of |weight| past {@link #WEIGHT_BUDGET}, as every
 * input is at most 128 in magnitude. At most 255 steps of weight -128 fit; with the magnitudes of trained
 * weights a whole walk usually does, so a group's sums reach int32 once per strip of positions.
 */
final class PanelWeights {
  /** Largest sum of |weight| per channel in one segment: 128 * (2^15 - 1) < 2^22. */
  static final int WEIGHT_BUDGET = (1 << 15) - 1;

  private final float[] w;
  /** Where each step's operands start in the laid-out input; step k's weights are w[8k, 8k + 8). */
  private final int[] off;
  /** Segment j is steps [bounds[j], bounds[j + 1]); group grp's segments are j in [first[grp], first[grp + 1]). */
  private final int[] bounds;
  private final int[] first;
  private final long[] macsPerPosition;

  /**
   * Whether the packing applies: an ungrouped conv whose output channels fill groups of 8, with blocks of 8
   * rows, and more than one output position.
   */
  static boolean applies(ConvGeometry g, BlockShape block) {
    return g.groups() == 1 && g.outChannels() % PanelMac.ROWS == 0 && block.rows() == PanelMac.ROWS
        && g.pixels() > 1;
  }

  /** Every block column of every group: the dense walk. Weights in conv order [Cout][Cin][taps]. */
  static PanelWeights dense(ConvGeometry g, Planes planes, byte[] weights, BlockShape block) {
    int groups = g.outChannels() / PanelMac.ROWS;
    int blockCols = (g.inChannels() + block.cols() - 1) / block.cols();
    int[] rowPtr = new int[groups + 1];
    int[] colIndex = new int[groups * blockCols];
    for (int grp = 0; grp < groups; grp++) {
      rowPtr[grp + 1] = (grp + 1) * blockCols;
      for (int bc = 0; bc < blockCols; bc++) {
        colIndex[grp * blockCols + bc] = bc;
      }
    }
    int taps = g.taps();
    int terms = g.terms();
    return new PanelWeights(g, planes, block, rowPtr, colIndex, (k, o, c, t) -> weights[o * terms + c * taps + t]);
  }

  /** Only the stored blocks of the compacted weight: the block-sparse walk. */
  static PanelWeights sparse(ConvGeometry g, Planes planes, byte[] weights, BlockShape block) {
    Int8BlockSparseTensor s = Int8BlockSparseTensor.compact(block, g.outChannels(), g.inChannels(), g.taps(), weights);
    byte[] v = s.values();
    int blockElems = block.rows() * block.cols() * g.taps();
    int cols = block.cols();
    return new PanelWeights(g, planes, block, s.rowPointers(), s.columnIndices(),
        (k, o, c, t) -> v[k * blockElems + (t * PanelMac.ROWS + o % PanelMac.ROWS) * cols + c % cols]);
  }

  /** The int8 weight of stored block k, output channel o, input channel c, tap t. */
  @FunctionalInterface
  private interface Source {
    byte at(int k, int o, int c, int t);
  }

  private PanelWeights(ConvGeometry g, Planes planes, BlockShape block, int[] rowPtr, int[] colIndex, Source src) {
    int groups = rowPtr.length - 1;
    int taps = g.taps();
    int cin = g.inChannels();
    int cols = block.cols();
    int steps = 0;
    for (int k = 0; k < colIndex.length; k++) {
      steps += Math.min(cols, cin - colIndex[k] * cols) * taps;
    }
    this.off = new int[steps];
    this.w = new float[steps * PanelMac.ROWS];
    this.macsPerPosition = new long[groups];
    this.first = new int[groups + 1];
    int[] cuts = new int[steps + groups + 1];
    int n = 0;
    int s = 0;
    long[] budget = new long[PanelMac.ROWS];
    for (int grp = 0; grp < groups; grp++) {
      first[grp] = n;
      if (rowPtr[grp] < rowPtr[grp + 1]) {
        cuts[n++] = s;
      }
      java.util.Arrays.fill(budget, 0);
      for (int k = rowPtr[grp]; k < rowPtr[grp + 1]; k++) {
        int c0 = colIndex[k] * cols;
        int len = Math.min(cols, cin - c0);
        for (int t = 0; t < taps; t++) {
          for (int j = 0; j < len; j++) {
            off[s] = planes.offset(c0 + j, t);
            boolean over = false;
            for (int r = 0; r < PanelMac.ROWS; r++) {
              byte v = src.at(k, grp * PanelMac.ROWS + r, c0 + j, t);
              w[s * PanelMac.ROWS + r] = v;
              over |= budget[r] + Math.abs(v) > WEIGHT_BUDGET;
            }
            if (over) {
              cuts[n++] = s;
              java.util.Arrays.fill(budget, 0);
            }
            for (int r = 0; r < PanelMac.ROWS; r++) {
              budget[r] += Math.abs((int) w[s * PanelMac.ROWS + r]);
            }
            s++;
          }
        }
        macsPerPosition[grp] += (long) PanelMac.ROWS * len * taps;
      }
    }
    first[groups] = n;
    cuts[n++] = s;
    this.bounds = java.util.Arrays.copyOf(cuts, n);
  }

  int groups() {
    return macsPerPosition.length;
  }

  long[] macsPerPosition() {
    return macsPerPosition;
  }

  /**
   * Sums group grp's walk with the laid-out input x at positions [xq, xq + width) of the grid, one
   * micro-kernel call per segment: every segment but the last goes into acc[r * 48 + i] (bias[grp * 8 + r]
   * plus its sums); the last one's float sums stay in {@code sums} (all zero when the group has no block).
   * Returns whether acc holds the bias and earlier segments (else the bias is still to be added).
   */
  boolean strip(int grp, int width, float[] x, int xq, float[] sums, int[] acc, int[] bias) {
    int j = first[grp];
    int end = first[grp + 1];
    if (j == end) {
      PanelMac.sum(width, x, xq, off, 0, 0, w, sums);
      return false;
    }
    for (; j < end - 1; j++) {
      PanelMac.sum(width, x, xq, off, bounds[j], bounds[j + 1], w, sums);
      PanelMac.flush(sums, width, acc, j == first[grp] ? bias : null, grp * PanelMac.ROWS);
    }
    PanelMac.sum(width, x, xq, off, bounds[j], bounds[j + 1], w, sums);
    return end - first[grp] > 1;
  }

  /** Micro-kernel calls per strip of group grp (at least one). */
  int segments(int grp) {
    return Math.max(1, first[grp + 1] - first[grp]);
  }
}
