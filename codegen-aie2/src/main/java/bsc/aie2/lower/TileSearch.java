package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import java.util.function.IntPredicate;

/**
 * Chooses the width sub-tiles and output rows per iteration of a layer so that one iteration's input and
 * output tiles fit the core's ping/pong slots, minimizing an estimate of the cycles (the slowest of input
 * stream, output stream and compute, plus a per-iteration overhead).
 */
final class TileSearch {
  /** Sub-tiles per column range, rows per iteration, estimated cycles. */
  record Tiles(int subTiles, int rows, double cycles) {}

  /** What one iteration moves and computes, per output pixel and per tile. */
  record Shape(int inChannelsPad, int outChannels, int outElementBytes, boolean secondInput, int chunks, int ciChunks,
      long macsPerCore) {}

  private final Aie2Target t;

  TileSearch(Aie2Target t) {
    this.t = t;
  }

  /**
   * The best tiles with {@code sub} width sub-tiles per column range for which {@code subFits} holds (the
   * DMA descriptors one sub-tile's transfers need fit the core).
   */
  Tiles best(Layer l, int maxColWidth, int minColWidth, Shape s, int rowCap, IntPredicate subFits) {
    Tiles best = null;
    for (int sub = 1; sub <= Math.max(1, minColWidth); sub++) {
      if (!subFits.test(sub)) {
        continue;
      }
      int w = (maxColWidth + sub - 1) / sub;
      int rows = Math.min(rowCap, maxRows(l, w, s));
      if (rows < 1) {
        continue;
      }
      double c = cycles(l, sub, w, rows, s);
      if (best == null || c < best.cycles()) {
        best = new Tiles(sub, rows, c);
      }
    }
    return best;
  }

  int maxRows(Layer l, int w, Shape s) {
    Window win = l.window();
    long inRowBytes = (long) win.inCols(w) * s.inChannelsPad();
    long inLimit = t.core().inputSlotBytes();
    if (s.secondInput()) {
      inLimit = Math.min(inLimit, t.core().weightBytes() / 2);
    }
    long rowsIn = inLimit / Math.max(1, inRowBytes);
    if (rowsIn < win.effKh()) {
      return 0;
    }
    long byIn = (rowsIn - win.effKh()) / win.sh() + 1;
    long outRowBytes = (long) w * s.outChannels() * s.outElementBytes();
    long byOut = t.core().outputSlotBytes() / Math.max(1, outRowBytes);
    return (int) Math.min(l.out().h(), Math.min(byIn, byOut));
  }

  private double cycles(Layer l, int sub, int w, int rows, Shape s) {
    Window win = l.window();
    int tiles = (l.out().h() + rows - 1) / rows;
    long iterations = (long) s.chunks() * s.ciChunks() * sub * tiles;
    double bpc = t.links().streamBytesPerCycle();
    long inTile = (long) win.inRows(rows) * win.inCols(w) * s.inChannelsPad() * (s.secondInput() ? 2 : 1);
    long outTile = (long) rows * w * s.outChannels();
    long outPerIteration = s.ciChunks() > 1 ? outTile * s.outElementBytes() * 2 : outTile;
    double in = iterations * inTile / bpc;
    double out = iterations * outPerIteration / bpc;
    double compute = (double) s.macsPerCore() / t.compute().int8MacsPerCycle();
    return Math.max(in, Math.max(out, compute)) + iterations * (double) t.compute().kernelCallOverheadCycles();
  }
}
