package bsc.aie2.lower;

import bsc.aie2.Aie2Target;

/** Placement rules shared by the planners and the emitter. */
final class Geometry {
  /** Memtile addresses are aligned to the memtile's 128-bit words (AM020: 128-bit memory ports). */
  static final int MEMTILE_ALIGN = 16;

  private Geometry() {}

  /** Memtiles a tensor of width w is spread over: one width slice per column, at most one per column. */
  static int sliceCount(Aie2Target t, int w) {
    return Math.min(t.columns(), Math.max(1, w));
  }

  static int maxSliceWidth(Aie2Target t, int w) {
    int n = sliceCount(t, w);
    return (w + n - 1) / n;
  }

  /** Bytes of a storage per memtile (the widest slice). */
  static long bytesPerColumn(Aie2Target t, Dims d) {
    return (long) d.h() * maxSliceWidth(t, d.w()) * d.c();
  }

  /** The memtile holding weight group g's chunks. */
  static int memtileOfGroup(CorePlan p, int g) {
    if (p.mode() == CorePlan.Mode.WIDTH) {
      return g % p.columns().size();
    }
    return g / p.coresPerColumn();
  }

  /** Input rows [lo, hi) (clipped to the input) that output rows [y0, y1) read. */
  static int[] inputRows(Layer l, int y0, int y1) {
    Window w = l.window();
    int lo = Math.max(0, w.inRow(y0));
    int hi = Math.min(l.in().h(), w.inRow(y1 - 1) + w.effKh());
    return new int[] {lo, Math.max(lo, hi)};
  }

  static long align(long v) {
    return (v + MEMTILE_ALIGN - 1) / MEMTILE_ALIGN * MEMTILE_ALIGN;
  }

  static int tiles(CorePlan p) {
    return (p.layer().out().h() + p.rowsPerTile() - 1) / p.rowsPerTile();
  }
}
