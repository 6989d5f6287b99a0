package bsc.aie2.lower;

import bsc.sparsify.BlockMask;

/** Nonzero-block counts of a conv's mask by block row and block-column range (prefix sums). */
final class BlockStats {
  private final int rows;
  private final int cols;
  private final int[][] prefix;

  BlockStats(ConvWeights w, boolean compaction) {
    this.rows = w.blockRows();
    this.cols = w.blockCols();
    this.prefix = new int[rows][cols + 1];
    BlockMask m = w.mask();
    for (int br = 0; br < rows; br++) {
      for (int bc = 0; bc < cols; bc++) {
        boolean kept = !compaction || m.isKept(br, bc);
        prefix[br][bc + 1] = prefix[br][bc] + (kept ? 1 : 0);
      }
    }
  }

  int blocks(int br, int bc0, int bc1) {
    return prefix[br][bc1] - prefix[br][bc0];
  }

  int blocks(int br0, int br1, int bc0, int bc1) {
    int n = 0;
    for (int br = br0; br < br1; br++) {
      n += blocks(br, bc0, bc1);
    }
    return n;
  }

  int rows() {
    return rows;
  }

  int cols() {
    return cols;
  }
}
