package bsc.sparsify;

import java.util.BitSet;

/**
 * Γ of one layer: for each block (block row = R output channels, block column = C input channels) whether
 * it is kept (1) or pruned to zero (0). Immutable.
 */
public final class BlockMask {
  private final int rows;
  private final int cols;
  private final BitSet kept;

  private BlockMask(int rows, int cols, BitSet kept) {
    this.rows = rows;
    this.cols = cols;
    this.kept = kept;
  }

  public static BlockMask allKept(int rows, int cols) {
    BitSet b = new BitSet(rows * cols);
    b.set(0, rows * cols);
    return new BlockMask(rows, cols, b);
  }

  /** A mask from a row-major keep array of rows*cols entries. */
  public static BlockMask of(int rows, int cols, boolean[] keep) {
    if (keep.length != rows * cols) {
      throw new IllegalArgumentException("mask needs " + rows * cols + " entries, got " + keep.length);
    }
    BitSet b = new BitSet(rows * cols);
    for (int i = 0; i < keep.length; i++) {
      b.set(i, keep[i]);
    }
    return new BlockMask(rows, cols, b);
  }

  /** The mask a weight already carries: a block is pruned exactly when all its weights are zero. */
  public static BlockMask fromZeros(BlockGrid g, float[] weight) {
    boolean[] keep = new boolean[g.blockRows() * g.blockCols()];
    for (int br = 0; br < g.blockRows(); br++) {
      for (int bc = 0; bc < g.blockCols(); bc++) {
        keep[br * g.blockCols() + bc] = !g.isZero(weight, br, bc);
      }
    }
    return of(g.blockRows(), g.blockCols(), keep);
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public boolean isKept(int br, int bc) {
    return kept.get(br * cols + bc);
  }

  public int blocks() {
    return rows * cols;
  }

  public int keptBlocks() {
    return kept.cardinality();
  }

  public int zeroBlocks() {
    return blocks() - keptBlocks();
  }

  /** Fraction of zero blocks. */
  public double ratio() {
    return blocks() == 0 ? 0 : (double) zeroBlocks() / blocks();
  }

  public int keptInRow(int br) {
    return kept.get(br * cols, (br + 1) * cols).cardinality();
  }

  public int keptInColumn(int bc) {
    int n = 0;
    for (int br = 0; br < rows; br++) {
      n += isKept(br, bc) ? 1 : 0;
    }
    return n;
  }

  /** Row {@code br} as a string of '1' (kept) and '0' (pruned), the sidecar's form. */
  public String rowString(int br) {
    StringBuilder b = new StringBuilder(cols);
    for (int bc = 0; bc < cols; bc++) {
      b.append(isKept(br, bc) ? '1' : '0');
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockMask m && m.rows == rows && m.cols == cols && m.kept.equals(kept);
  }

  @Override
  public int hashCode() {
    return kept.hashCode() * 31 + rows * 7 + cols;
  }
}
