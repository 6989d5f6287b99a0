package bsc.aie2.lower;

import bsc.aie2.lower.CorePlan.Chunk;
import bsc.aie2.lower.CorePlan.CoreWork;
import bsc.aie2.program.LayerReport;
import java.util.List;

/** The per-layer report data (split, sub-volumes, residency, weight bytes, block balance). */
final class Reports {
  private Reports() {}

  static LayerReport of(Layer l, CorePlan p, PassPlan pp, ChunkSizes cs, boolean resident) {
    Window w = l.window();
    int chMax = 0;
    int ciMax = 0;
    for (CoreWork cw : p.cores()) {
      for (Chunk ch : cw.chunks()) {
        chMax = Math.max(chMax, ch.channels());
      }
    }
    for (int q = 0; q < p.ciChunks().size(); q++) {
      int[] r = p.ciChunks().get(q);
      ciMax = Math.max(ciMax, l.kind() == LayerKind.CONV ? (r[1] - r[0]) * ChunkFormat.BLOCK : chMax);
    }
    int sub = (p.maxColumnWidth() + p.subTiles() - 1) / p.subTiles();
    int rows = p.rowsPerTile();
    int iterations = p.chunks() * p.ciChunks().size() * p.subTiles() * Geometry.tiles(p);
    List<Integer> wsub = l.kind().hasWeights() ? List.of(chMax, w.kh(), w.kw(), l.kind() == LayerKind.CONV ? ciMax : 1)
        : List.of();
    long macs = 0;
    long dense = 0;
    int stored = 0;
    int total = 0;
    double imbalance = 1.0;
    if (l.kind() == LayerKind.CONV) {
      long perPixelBlock = (long) ChunkFormat.BLOCK_BYTES * w.taps() * l.out().h() * l.out().w();
      int[] perGroup = new int[cs.groups()];
      for (int g = 0; g < cs.groups(); g++) {
        for (int k = 0; k < p.chunks(); k++) {
          for (int q = 0; q < p.ciChunks().size(); q++) {
            perGroup[g] += cs.blocks(g, k, q);
          }
        }
        stored += perGroup[g];
      }
      total = l.weights().blockRows() * l.weights().blockCols();
      macs = stored * perPixelBlock;
      dense = (long) total * perPixelBlock;
      imbalance = imbalance(perGroup, p);
    } else {
      macs = l.macs();
      dense = macs;
    }
    return new LayerReport(p.split(), p.reason(), p.columns().size(), p.cores().size(), wsub,
        List.of(w.inRows(rows), w.inCols(sub), l.kind() == LayerKind.CONV ? ciMax : chMax), List.of(rows, sub, chMax),
        iterations, pp.passes(), resident && pp.passes() == 1 ? "memtile" : "ddr", macs, dense,
        l.kind().hasWeights() ? cs.denseBytes(w.taps()) : 0, cs.totalBytes(), stored, total, 0, imbalance);
  }

  /** Max over mean of the nonzero blocks of the weight groups that have block rows. */
  private static double imbalance(int[] perGroup, CorePlan p) {
    long sum = 0;
    int max = 0;
    int n = 0;
    for (int g = 0; g < perGroup.length; g++) {
      final int gg = g;
      boolean hasRows = p.cores().stream().anyMatch(c -> c.group() == gg);
      if (hasRows) {
        sum += perGroup[g];
        max = Math.max(max, perGroup[g]);
        n++;
      }
    }
    return sum == 0 ? 1.0 : max / ((double) sum / n);
  }

  static LayerReport noData(Layer l, String what) {
    return new LayerReport(what, l.kind() == LayerKind.CONCAT ? "inputs written in place at their channel offsets"
        : "no data moves", 0, 0, List.of(), List.of(), List.of(), 0, 0, "memtile", 0, 0, 0, 0, 0, 0, 0, 1.0);
  }
}
