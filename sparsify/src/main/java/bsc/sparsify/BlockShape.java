package bsc.sparsify;

import bsc.ir.BscException;

/**
 * A weight block: {@code rows} output channels by {@code cols} input channels, over all kh*kw taps of a
 * conv (paper-facts.md section 1: an "8x8" block is 8(c_out) x h x k x 8(c_in)). 8x8 is the AIE2 default
 * because the INT8 mmul does 8x8x4 multiply-accumulates per cycle.
 */
public record BlockShape(int rows, int cols) {
  public static final BlockShape AIE2_DEFAULT = new BlockShape(8, 8);
  private static final int MAX_SIDE = 1024;

  public BlockShape {
    if (rows < 1 || cols < 1 || rows > MAX_SIDE || cols > MAX_SIDE) {
      throw new BscException("--block", "block sides must be between 1 and " + MAX_SIDE + ", got " + rows + "x" + cols);
    }
  }

  /** Parses {@code 8} (8x8) or {@code RxC} such as {@code 4x16}. */
  public static BlockShape parse(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      int x = t.indexOf('x');
      if (x < 0) {
        int n = Integer.parseInt(t);
        return new BlockShape(n, n);
      }
      return new BlockShape(Integer.parseInt(t.substring(0, x)), Integer.parseInt(t.substring(x + 1)));
    } catch (NumberFormatException e) {
      throw new BscException("--block", "expected N or RxC (e.g. 8 or 4x16), got '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return rows + "x" + cols;
  }
}
