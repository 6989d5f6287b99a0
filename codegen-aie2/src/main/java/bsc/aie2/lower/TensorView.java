package bsc.aie2.lower;

import bsc.aie2.program.Level;
import bsc.aie2.program.TensorSlice;
import java.util.ArrayList;
import java.util.List;

/**
 * Addressing of a tensor (or of a staged band of it) where a layer reads or writes it: width slices with
 * absolute base addresses, the pixel stride, the tensor's channel offset inside its storage, and the first
 * tensor row the slices hold ({@code rowOrigin}, non-zero for a staged band). Element (y, x, c) is at
 * {@code base + (y - rowOrigin) * rowStride + (x - x0) * pixelStride + channelOffset + c * elementBytes}.
 */
record TensorView(String tensor, Level level, String buffer, List<TensorSlice> slices, long pixelStrideBytes,
    long channelOffsetBytes, int rowOrigin, int elementBytes) {
  TensorView {
    slices = List.copyOf(slices);
  }

  long address(TensorSlice s, int y, int x, int c) {
    return s.baseOffsetBytes() + (long) (y - rowOrigin) * s.rowStrideBytes() + (long) (x - s.x0()) * pixelStrideBytes
        + channelOffsetBytes + (long) c * elementBytes;
  }

  /** Slices overlapping columns [x0, x1), each clipped: {slice index, px0, px1}. */
  List<int[]> pieces(int x0, int x1) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < slices.size(); i++) {
      TensorSlice s = slices.get(i);
      int a = Math.max(x0, s.x0());
      int b = Math.min(x1, s.x1());
      if (a < b) {
        out.add(new int[] {i, a, b});
      }
    }
    return out;
  }

  /** Width slices of a w-wide tensor over n memtiles, each at {@code base} in its memtile. */
  static List<TensorSlice> memtileSlices(int w, int n, long base, long pixelStride) {
    int[] b = Partition.even(w, n);
    List<TensorSlice> out = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      out.add(new TensorSlice(j, b[j], b[j + 1], base, (long) (b[j + 1] - b[j]) * pixelStride));
    }
    return out;
  }
}
