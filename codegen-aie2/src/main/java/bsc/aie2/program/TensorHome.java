package bsc.aie2.program;

import java.util.List;

/**
 * Where an activation tensor (H x W x C, HWC, INT8) lives. In MEMTILE it is split by width across columns:
 * slice j holds columns [x0, x1) in memtile {@code column} j. In DDR there is one slice (column -1).
 * A tensor may be a view into a larger storage tensor (a Concat input written in place): then
 * {@code storage} names that tensor, {@code channelOffsetBytes} is its first channel, and the pixel stride
 * is the storage's. Element (y, x, c) of slice s is at
 * {@code s.baseOffsetBytes + y * s.rowStrideBytes + (x - s.x0) * pixelStrideBytes + channelOffsetBytes + c * elementBytes}
 * (base offsets are absolute addresses inside the memtile or DDR).
 */
public record TensorHome(
    String name,
    int height,
    int width,
    int channels,
    int elementBytes,
    Level level,
    String storage,
    long channelOffsetBytes,
    long pixelStrideBytes,
    List<TensorSlice> slices) {
  public TensorHome {
    slices = List.copyOf(slices);
  }

  public long bytes() {
    return (long) height * width * channels * elementBytes;
  }

  /** The slice holding column x, or null. */
  public TensorSlice sliceAt(int x) {
    for (TensorSlice s : slices) {
      if (x >= s.x0() && x < s.x1()) {
        return s;
      }
    }
    return null;
  }
}
