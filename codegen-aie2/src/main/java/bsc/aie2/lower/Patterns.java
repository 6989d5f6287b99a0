package bsc.aie2.lower;

import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Channel;
import bsc.aie2.program.Dim;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Level;
import bsc.aie2.program.TensorSlice;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer.Segment;
import bsc.ir.BscException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Buffer-descriptor patterns between a tensor view (width slices in memtiles or DDR) and a dense HWC tile
 * in a core or staging buffer. A window that spans several slices becomes one segment per slice; zero
 * padding (rows, columns, channels up to the mmul width) is added on the source side.
 */
final class Patterns {
  private Patterns() {}

  /** Rows [y0, y1) x columns [x0, x1) x channels [c0, c1) of a view, padded into a stream tile. */
  record Window(int y0, int y1, int padT, int padB, int x0, int x1, int padL, int padR, int c0, int c1, int chPad) {
    int rowsStream() {
      return padT + (y1 - y0) + padB;
    }

    int colsStream() {
      return padL + (x1 - x0) + padR;
    }

    int channelsStream() {
      return c1 - c0 + chPad;
    }
  }

  /** A destination (or source) inside a tile buffer: tiles, buffer id, first slot, DMA channel. */
  record TileSide(Level level, List<TileRef> tiles, String buffer, int slot0, Channel channel) {}

  /**
   * Segments streaming {@code w} of view {@code v} into the dense tile at {@code dst} (offset
   * {@code dstBase} in the slot); each iteration moves the source down {@code stepRows} rows.
   */
  static List<Segment> read(TensorView v, Window w, int stepRows, TileSide dst, long dstBase,
      IntFunction<Channel> srcChannel) {
    List<int[]> pieces = v.pieces(w.x0(), w.x1());
    if (pieces.isEmpty() || w.y1() <= w.y0()) {
      throw new BscException("tensor " + v.tensor(), "a tile window lies entirely in padding");
    }
    int eb = v.elementBytes();
    long chBytes = (long) w.channelsStream() * eb;
    long rowBytes = w.colsStream() * chBytes;
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      int[] p = pieces.get(i);
      TensorSlice s = v.slices().get(p[0]);
      int pl = i == 0 ? w.padL() : 0;
      int pr = i == pieces.size() - 1 ? w.padR() : 0;
      long off = v.address(s, w.y0(), p[1], w.c0());
      List<Dim> src = List.of(new Dim(w.c1() - w.c0(), 1, 0, 0), new Dim(p[2] - p[1], v.pixelStrideBytes(), pl, pr),
          new Dim(w.y1() - w.y0(), s.rowStrideBytes(), w.padT(), w.padB()));
      src = channelBytes(src, eb, (long) w.chPad() * eb);
      int col0 = i == 0 ? 0 : w.padL() + (p[1] - w.x0());
      int cols = pl + (p[2] - p[1]) + pr;
      AccessPattern d = tileRows(dstBase + col0 * chBytes, cols * chBytes, w.rowsStream(), rowBytes);
      Endpoint se = new Endpoint(v.level(), v.level() == Level.DDR ? List.of() : List.of(TileRef.memtile(s.column())),
          v.buffer(), 0, new AccessPattern(off, src), (long) stepRows * s.rowStrideBytes(), srcChannel.apply(s.column()));
      Endpoint de = new Endpoint(dst.level(), dst.tiles(), dst.buffer(), dst.slot0(), d, 0, dst.channel());
      out.add(new Segment(se, de));
    }
    return out;
  }

  /**
   * Segments writing a dense tile of {@code rows} x [x0, x1) x [c0, c1) from {@code src} into view {@code v}
   * at row y0; each iteration moves the destination down {@code stepRows} rows.
   */
  static List<Segment> write(TensorView v, int y0, int rows, int x0, int x1, int c0, int c1, int stepRows,
      TileSide src, long srcBase, IntFunction<Channel> dstChannel) {
    int eb = v.elementBytes();
    long chBytes = (long) (c1 - c0) * eb;
    long rowBytes = (x1 - x0) * chBytes;
    List<Segment> out = new ArrayList<>();
    for (int[] p : v.pieces(x0, x1)) {
      TensorSlice s = v.slices().get(p[0]);
      AccessPattern sp = tileRows(srcBase + (p[1] - x0) * chBytes, (p[2] - p[1]) * chBytes, rows, rowBytes);
      List<Dim> dd = List.of(Dim.of(Math.toIntExact(chBytes), 1), Dim.of(p[2] - p[1], v.pixelStrideBytes()),
          Dim.of(rows, s.rowStrideBytes()));
      Endpoint se = new Endpoint(src.level(), src.tiles(), src.buffer(), src.slot0(), sp, 0, src.channel());
      Endpoint de = new Endpoint(v.level(), v.level() == Level.DDR ? List.of() : List.of(TileRef.memtile(s.column())),
          v.buffer(), 0, new AccessPattern(v.address(s, y0, p[1], c0), merge(dd)), (long) stepRows * s.rowStrideBytes(),
          dstChannel.apply(s.column()));
      out.add(new Segment(se, de));
    }
    return out;
  }

  /** A contiguous run per row, rows apart by {@code rowStride}: one dim when the rows are adjacent. */
  static AccessPattern tileRows(long offset, long runBytes, int rows, long rowStride) {
    if (runBytes == rowStride || rows == 1) {
      return new AccessPattern(offset, List.of(Dim.of(Math.toIntExact(runBytes * rows), 1)));
    }
    return new AccessPattern(offset, List.of(Dim.of(Math.toIntExact(runBytes), 1), Dim.of(rows, rowStride)));
  }

  /** Scales the innermost (channel) dim from elements to bytes and adds channel padding after it. */
  private static List<Dim> channelBytes(List<Dim> dims, int eb, long padAfterBytes) {
    List<Dim> out = new ArrayList<>(dims);
    Dim c = dims.get(0);
    out.set(0, new Dim(c.size() * eb, 1, 0, Math.toIntExact(padAfterBytes)));
    return merge(out);
  }

  /** Folds a dim into the one inside it when they are contiguous and unpadded. */
  static List<Dim> merge(List<Dim> dims) {
    List<Dim> out = new ArrayList<>();
    for (Dim d : dims) {
      if (!out.isEmpty()) {
        Dim in = out.get(out.size() - 1);
        boolean contiguous = in.strideBytes() == 1 && d.strideBytes() == in.size() && in.padBefore() == 0
            && in.padAfter() == 0 && d.padBefore() == 0 && d.padAfter() == 0;
        if (contiguous) {
          out.set(out.size() - 1, Dim.of(in.size() * d.size(), 1));
          continue;
        }
      }
      out.add(d);
    }
    return out;
  }
}
