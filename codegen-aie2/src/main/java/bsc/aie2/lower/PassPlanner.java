package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.lower.CorePlan.Chunk;
import bsc.aie2.lower.CorePlan.CoreWork;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses row bands and chunk groups so that a layer's memtile working set (weights, DDR staging, partial
 * sums) fits the scratch the memory plan leaves it, minimizing DDR traffic, then the number of passes.
 */
final class PassPlanner {
  private final Aie2Target t;

  PassPlanner(Aie2Target t) {
    this.t = t;
  }

  /** The smallest working set any pass plan of this layer can have (every tensor staged). */
  long minimumScratch(CorePlan p, ChunkSizes cs) {
    int tiles = Geometry.tiles(p);
    int k = p.chunks();
    boolean[] all = new boolean[p.layer().inputs().size()];
    java.util.Arrays.fill(all, true);
    return build(p, cs, Partition.even(tiles, tiles), Partition.even(k, k), all, true).scratchBytes();
  }

  /** The plan for {@code scratch} bytes per memtile; stagedInputs[i]/stagedOutput: the tensor lives in DDR. */
  PassPlan plan(CorePlan p, ChunkSizes cs, long scratch, boolean[] stagedInputs, boolean stagedOutput) {
    int tiles = Geometry.tiles(p);
    int k = p.chunks();
    long[][] perMemtile = chunkBytesPerMemtile(p, cs);
    PassPlan best = null;
    long bestDdr = Long.MAX_VALUE;
    for (int g = 1; g <= k; g++) {
      int[] gb = Partition.even(k, g);
      long w = Geometry.align(maxGroupBytes(perMemtile, gb));
      if (w > scratch) {
        continue;
      }
      for (int b = 1; b <= tiles; b++) {
        PassPlan pp = build(p, w, Partition.even(tiles, b), gb, stagedInputs, stagedOutput);
        if (pp.scratchBytes() > scratch) {
          continue;
        }
        long ddr = ddrBytes(p, cs, pp, stagedInputs);
        if (ddr < bestDdr || (ddr == bestDdr && pp.passes() < best.passes())) {
          best = pp;
          bestDdr = ddr;
        }
        break;
      }
    }
    return best;
  }

  private PassPlan build(CorePlan p, ChunkSizes cs, int[] bandBounds, int[] groupBounds, boolean[] stagedIn,
      boolean stagedOut) {
    long w = Geometry.align(maxGroupBytes(chunkBytesPerMemtile(p, cs), groupBounds));
    return build(p, w, bandBounds, groupBounds, stagedIn, stagedOut);
  }

  private PassPlan build(CorePlan p, long w, int[] bandBounds, int[] groupBounds, boolean[] stagedIn,
      boolean stagedOut) {
    List<int[]> bands = ranges(bandBounds);
    List<int[]> groups = ranges(groupBounds);
    int maxBandRows = 0;
    int maxInRows = 0;
    for (int[] b : bands) {
      int y0 = b[0] * p.rowsPerTile();
      int y1 = Math.min(p.layer().out().h(), b[1] * p.rowsPerTile());
      maxBandRows = Math.max(maxBandRows, y1 - y0);
      int[] r = Geometry.inputRows(p.layer(), y0, y1);
      maxInRows = Math.max(maxInRows, r[1] - r[0]);
    }
    Layer l = p.layer();
    long[] stageIn = new long[l.inputs().size()];
    for (int i = 0; i < stageIn.length; i++) {
      stageIn[i] = stagedIn[i] ? Geometry.align((long) maxInRows * Geometry.maxSliceWidth(t, l.in().w()) * l.in().c())
          : 0;
    }
    long stageOut = stagedOut
        ? Geometry.align((long) maxBandRows * Geometry.maxSliceWidth(t, l.out().w()) * l.out().c()) : 0;
    long psum = p.psum() ? Geometry.align((long) maxBandRows * p.maxColumnWidth() * psumChannels(p) * Integer.BYTES) : 0;
    return new PassPlan(bands, groups, w, stageIn, stageOut, psum);
  }

  /** Bytes of every chunk index in every memtile: [k][memtile]. */
  private long[][] chunkBytesPerMemtile(CorePlan p, ChunkSizes cs) {
    long[][] out = new long[p.chunks()][t.columns()];
    for (int g = 0; g < cs.groups(); g++) {
      int m = Geometry.memtileOfGroup(p, g);
      for (int k = 0; k < p.chunks(); k++) {
        for (int q = 0; q < p.ciChunks().size(); q++) {
          out[k][m] += cs.bytes(g, k, q);
        }
      }
    }
    return out;
  }

  private static long maxGroupBytes(long[][] perMemtile, int[] bounds) {
    long max = 0;
    for (int i = 0; i + 1 < bounds.length; i++) {
      for (int m = 0; perMemtile.length > 0 && m < perMemtile[0].length; m++) {
        long sum = 0;
        for (int k = bounds[i]; k < bounds[i + 1]; k++) {
          sum += perMemtile[k][m];
        }
        max = Math.max(max, sum);
      }
    }
    return max;
  }

  /** Partial-sum channels per column: each core keeps a fixed channel range, its largest chunk. */
  static int psumChannels(CorePlan p) {
    int max = 0;
    for (CorePlan.ColumnWork c : p.columns()) {
      int sum = 0;
      for (CoreWork cw : p.cores()) {
        if (cw.column() == c.column()) {
          sum += maxChunkChannels(cw);
        }
      }
      max = Math.max(max, sum);
    }
    return max;
  }

  static int maxChunkChannels(CoreWork cw) {
    int m = 0;
    for (Chunk ch : cw.chunks()) {
      m = Math.max(m, ch.channels());
    }
    return m;
  }

  /** DDR bytes a pass plan moves: weights (once, or once per band when they are reloaded) and staged inputs. */
  private long ddrBytes(CorePlan p, ChunkSizes cs, PassPlan pp, boolean[] stagedIn) {
    return cs.totalBytes() * (pp.weightsOnce() ? 1 : pp.bands().size()) + stagedInputBytes(p, pp, stagedIn);
  }

  /** Bytes of the DDR-resident inputs staged into the memtile, band by band (halo rows again in every band). */
  static long stagedInputBytes(CorePlan p, PassPlan pp, boolean[] stagedIn) {
    long in = 0;
    Layer l = p.layer();
    for (int[] b : pp.bands()) {
      int y0 = b[0] * p.rowsPerTile();
      int y1 = Math.min(l.out().h(), b[1] * p.rowsPerTile());
      int[] r = Geometry.inputRows(l, y0, y1);
      for (boolean s : stagedIn) {
        in += s ? (long) (r[1] - r[0]) * l.in().w() * l.in().c() : 0;
      }
    }
    return in;
  }

  private static List<int[]> ranges(int[] bounds) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i + 1 < bounds.length; i++) {
      if (bounds[i + 1] > bounds[i]) {
        out.add(new int[] {bounds[i], bounds[i + 1]});
      }
    }
    return out;
  }
}
