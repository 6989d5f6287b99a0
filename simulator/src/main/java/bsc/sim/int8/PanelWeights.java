package bsc.sim.int8;

import bsc.sparsify.BlockShape;
import bsc.sparsify.Int8BlockSparseTensor;

/**
 * A conv's weights packed once for the vector micro-kernels ({@link PanelMac}): for each group of 8 output
 * channels, the blocks it walks (every block column for the dense path, only the stored nonzero blocks of
 * the compacted {@link Int8BlockSparseTensor} for the block-sparse path), block by block and tap by tap,
 * each of the block's input channels at that tap an im2col row of its channel tile (the walk's row table)
 * with its 8 weights packed as floats, in walk order. The two paths differ only in the
 * all-zero blocks the sparse one leaves out, so they add the same products and give the same bytes.
 */
final class PanelWeights {
  private final float[] w;
  /** The im2col row (within its channel tile) of each step of the walk; step k's weights are w[8k, 8k + 8). */
  private final int[] rowOf;
  /** Steps of group grp in tile t: [tileSeg[grp * (tiles + 1) + t], tileSeg[grp * (tiles + 1) + t + 1]). */
  private final int[] tileSeg;
  private final int tiles;
  private final long[] macsPerPosition;

  /**
   * Whether the packing applies: an ungrouped conv whose output channels fill groups of 8, with blocks of 8
   * rows, whose tiles ({@link #tileChannels}) stay within {@link PanelMac#MAX_ROWS} rows (one micro-kernel
   * call sums a whole tile).
   */
  static boolean applies(ConvGeometry g, BlockShape block) {
    return g.groups() == 1 && g.outChannels() % PanelMac.ROWS == 0 && block.rows() == PanelMac.ROWS
        && g.pixels() > 1
        && (long) Math.min(tileChannels(g, block), g.inChannels()) * g.taps() <= PanelMac.MAX_ROWS;
  }

  /**
   * Input channels per tile of the dense walk: whole blocks, at most {@link PanelMac#MAX_ROWS} im2col rows
   * where the kernel allows, the channels spread evenly over the fewest tiles (256 channels: two tiles of
   * 128, not 248 + 8).
   */
  static int tileChannels(ConvGeometry g, BlockShape block) {
    return tileChannels(g, block, PanelMac.MAX_ROWS);
  }

  /**
   * Input channels per tile of the block-sparse walk: tiles of up to twice the dense walk's rows, as a group
   * walks about half of them at 50% sparsity. Each micro-kernel call (and each flush of its float sums to
   * int32) then sums twice the products; a group that has more than {@link PanelMac#MAX_ROWS} rows in a
   * tile takes several calls ({@link #strip}), so the sums stay exact whatever the sparsity.
   */
  static int sparseTileChannels(ConvGeometry g, BlockShape block) {
    return tileChannels(g, block, 2 * PanelMac.MAX_ROWS);
  }

  private static int tileChannels(ConvGeometry g, BlockShape block, int rows) {
    int cols = block.cols();
    int most = Math.max(cols, rows / g.taps() / cols * cols);
    int tiles = (g.inChannels() + most - 1) / most;
    int even = (g.inChannels() + tiles - 1) / tiles;
    return (even + cols - 1) / cols * cols;
  }

  /** Every block column of every group: the dense walk. Weights in conv order [Cout][Cin][taps]. */
  static PanelWeights dense(ConvGeometry g, byte[] weights, BlockShape block, int tileChannels) {
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
    return new PanelWeights(g, block, tileChannels, rowPtr, colIndex,
        (k, o, c, t) -> weights[o * terms + c * taps + t]);
  }

  /** Only the stored blocks of the compacted weight: the block-sparse walk. */
  static PanelWeights sparse(ConvGeometry g, byte[] weights, BlockShape block, int tileChannels) {
    Int8BlockSparseTensor s = Int8BlockSparseTensor.compact(block, g.outChannels(), g.inChannels(), g.taps(), weights);
    byte[] v = s.values();
    int blockElems = block.rows() * block.cols() * g.taps();
    int cols = block.cols();
    return new PanelWeights(g, block, tileChannels, s.rowPointers(), s.columnIndices(),
        (k, o, c, t) -> v[k * blockElems + (t * PanelMac.ROWS + o % PanelMac.ROWS) * cols + c % cols]);
  }

  /** The int8 weight of stored block k, output channel o, input channel c, tap t. */
  @FunctionalInterface
  private interface Source {
    byte at(int k, int o, int c, int t);
  }

  private PanelWeights(ConvGeometry g, BlockShape block, int tileChannels, int[] rowPtr, int[] colIndex, Source src) {
    int groups = rowPtr.length - 1;
    int taps = g.taps();
    int cin = g.inChannels();
    int cols = block.cols();
    this.tiles = (cin + tileChannels - 1) / tileChannels;
    int steps = 0;
    for (int k = 0; k < colIndex.length; k++) {
      steps += Math.min(cols, cin - colIndex[k] * cols) * taps;
    }
    this.rowOf = new int[steps];
    this.w = new float[steps * PanelMac.ROWS];
    this.tileSeg = new int[groups * (tiles + 1)];
    this.macsPerPosition = new long[groups];
    int s = 0;
    for (int grp = 0; grp < groups; grp++) {
      int tile = 0;
      for (int k = rowPtr[grp]; k < rowPtr[grp + 1]; k++) {
        int c0 = colIndex[k] * cols;
        int len = Math.min(cols, cin - c0);
        for (; tile <= c0 / tileChannels; tile++) {
          tileSeg[grp * (tiles + 1) + tile] = s;
        }
        for (int t = 0; t < taps; t++) {
          for (int j = 0; j < len; j++) {
            rowOf[s] = t * tileChannels + (c0 + j) % tileChannels;
            for (int r = 0; r < PanelMac.ROWS; r++) {
              w[s * PanelMac.ROWS + r] = src.at(k, grp * PanelMac.ROWS + r, c0 + j, t);
            }
            s++;
          }
        }
        macsPerPosition[grp] += (long) PanelMac.ROWS * len * taps;
      }
      for (; tile <= tiles; tile++) {
        tileSeg[grp * (tiles + 1) + tile] = s;
      }
    }
  }

  int groups() {
    return macsPerPosition.length;
  }

  long[] macsPerPosition() {
    return macsPerPosition;
  }

  /**
   * Adds group grp's products with the im2col rows of channel tile {@code tile} (row i's positions from
   * {@code x[i * stride + xq]}) into acc[grp * 8 + r][q .. q + width), through {@code sums} (8 x 48 floats),
   * in calls of at most {@link PanelMac#MAX_ROWS} rows; none when the group has no block in the tile.
   */
  void strip(int grp, int tile, int width, float[] x, int stride, int xq, float[] sums, int[][] acc, int q) {
    int i = grp * (tiles + 1) + tile;
    int end = tileSeg[i + 1];
    for (int k = tileSeg[i]; k < end; k += PanelMac.MAX_ROWS) {
      PanelMac.strip(width, x, stride, xq, rowOf, k, Math.min(end, k + PanelMac.MAX_ROWS), w, sums, acc,
          grp * PanelMac.ROWS, q);
    }
  }
}
