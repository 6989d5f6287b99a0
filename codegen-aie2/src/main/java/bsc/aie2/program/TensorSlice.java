package bsc.aie2.program;

/** One width slice [x0, x1) of a tensor, in memtile {@code column} (or DDR when column is -1). */
public record TensorSlice(int column, int x0, int x1, long baseOffsetBytes, long rowStrideBytes) {
  public int width() {
    return x1 - x0;
  }
}
