package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.lower.CorePlan.Chunk;
import bsc.aie2.lower.CorePlan.ColumnWork;
import bsc.aie2.lower.CorePlan.CoreWork;
import bsc.aie2.lower.CorePlan.Mode;
import bsc.ir.BscException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses a layer's {@link CorePlan}: the paper's width split across columns with output channels across
 * the cores of a column, or (when the output is narrower than the array) output channels across all
 * cores; then weight chunks that fit the core weight buffer (a COUT split in time), input-channel chunks
 * with partial sums when a single block row does not fit (CIN split), and the tiles (TileSearch). A caller may
 * ask for more input-channel chunks than the weight buffer needs (CinChoice weighs them once the memory plan
 * is known).
 */
final class CorePlanner {
  private static final int UNIT = ChunkFormat.BLOCK;
  private final Aie2Target t;
  private final boolean compaction;
  private final TileSearch search;
  /** Block counts per conv mask: every candidate plan of a conv (CinChoice) reads the same ones. */
  private final Map<ConvWeights, BlockStats> stats = new IdentityHashMap<>();

  CorePlanner(Aie2Target t, boolean compaction) {
    this.t = t;
    this.compaction = compaction;
    this.search = new TileSearch(t);
  }

  CorePlan plan(Layer l) {
    return plan(l, l.out().h(), 1);
  }

  /**
   * The best plan streaming at most {@code rowCap} output rows per iteration, with a conv's input channels in
   * the fewest equal chunks, at least {@code minCiChunks}, whose every block row fits the weight buffer.
   */
  CorePlan plan(Layer l, int rowCap, int minCiChunks) {
    return plan(l, rowCap, minCiChunks, t.rows());
  }

  /** As {@link #plan(Layer, int, int)} on the first {@code coresPerColumn} cores of every column. */
  CorePlan plan(Layer l, int rowCap, int minCiChunks, int coresPerColumn) {
    CorePlan best = planOrNull(l, rowCap, minCiChunks, coresPerColumn);
    if (best == null) {
      throw new BscException("layer " + l.name(), "no sub-volume of this " + l.op() + " (" + l.in() + " -> " + l.out()
          + ", kernel " + l.window().shortName() + ") fits the core buffers of " + t.name());
    }
    return best;
  }

  /** As {@link #plan(Layer, int, int)}, or null when no sub-volume fits the core buffers. */
  CorePlan planOrNull(Layer l, int rowCap, int minCiChunks) {
    return planOrNull(l, rowCap, minCiChunks, t.rows());
  }

  /** As {@link #plan(Layer, int, int, int)}, or null when no sub-volume fits the core buffers. */
  CorePlan planOrNull(Layer l, int rowCap, int minCiChunks, int coresPerColumn) {
    CorePlan best = null;
    for (Mode m : Mode.values()) {
      if (!applies(l, m)) {
        continue;
      }
      CorePlan p = plan(l, m, rowCap, minCiChunks, coresPerColumn);
      if (p != null && (best == null || p.costCycles() < best.costCycles())) {
        best = p;
      }
    }
    return best;
  }

  private boolean applies(Layer l, Mode m) {
    if (m == Mode.WIDTH) {
      return l.kind() != LayerKind.GLOBAL_AVG_POOL;
    }
    return l.kind() == LayerKind.GLOBAL_AVG_POOL || l.out().w() < t.columns();
  }

  /** The nonzero-block counts of a conv's mask under this planner's compaction; null for other layers. */
  BlockStats stats(Layer l) {
    return l.kind() == LayerKind.CONV ? stats.computeIfAbsent(l.weights(), w -> new BlockStats(w, compaction)) : null;
  }

  /** Block columns of a conv (the most input-channel chunks it can have). */
  static int blockColumns(Layer l) {
    return l.weights().blockCols();
  }

  private CorePlan plan(Layer l, Mode mode, int rowCap, int minCiChunks, int rows) {
    int nCols = mode == Mode.WIDTH ? Math.min(t.columns(), l.out().w()) : t.columns();
    int[] xb = mode == Mode.WIDTH ? Partition.even(l.out().w(), nCols) : null;
    int groups = mode == Mode.WIDTH ? rows : rows * nCols;
    GroupChunks gc = l.kind() == LayerKind.CONV ? convChunks(l, groups, minCiChunks) : null;
    List<int[]> ci = gc != null ? gc.ci : List.of(new int[] {0, 0});
    int maxW = mode == Mode.WIDTH ? xb[1] - xb[0] : l.out().w();
    int minW = mode == Mode.WIDTH ? xb[nCols] - xb[nCols - 1] : l.out().w();
    CorePlan best = null;
    int maxChunks = gc != null ? gc.chunks.get(0).size() : maxChannelwiseChunks(l, groups);
    int firstChunks = gc != null ? maxChunks : 1;
    for (int k = firstChunks; k <= maxChunks; k++) {
      List<List<Chunk>> chunks = gc != null ? gc.chunks : channelwiseChunks(l, groups, k);
      if (chunks == null) {
        continue;
      }
      TileSearch.Tiles tiles = search.best(l, maxW, minW, shape(l, chunks, ci, groups), rowCap,
          sub -> descriptorsFit(l, mode, nCols, xb, sub));
      if (tiles == null) {
        continue;
      }
      if (best != null && tiles.cycles() >= best.costCycles()) {
        break;
      }
      best = build(l, mode, nCols, xb, rows, tiles, chunks, ci, minCiChunks > 1);
    }
    return best;
  }

  /**
   * {@code rows}: cores used per column; {@code ciByCost}: more input-channel chunks than the weight buffer needs
   * were asked for (CinChoice).
   */
  private CorePlan build(Layer l, Mode mode, int nCols, int[] xb, int rows, TileSearch.Tiles tiles,
      List<List<Chunk>> chunks, List<int[]> ci, boolean ciByCost) {
    List<ColumnWork> cols = new ArrayList<>();
    for (int j = 0; j < nCols; j++) {
      int x0 = mode == Mode.WIDTH ? xb[j] : 0;
      int x1 = mode == Mode.WIDTH ? xb[j + 1] : l.out().w();
      int[] sub = Partition.even(x1 - x0, tiles.subTiles());
      for (int s = 0; s < sub.length; s++) {
        sub[s] += x0;
      }
      cols.add(new ColumnWork(j, x0, x1, sub));
    }
    List<CoreWork> cores = new ArrayList<>();
    for (int j = 0; j < nCols; j++) {
      for (int r = 0; r < rows; r++) {
        int g = mode == Mode.WIDTH ? r : j * rows + r;
        if (!allEmpty(chunks.get(g))) {
          cores.add(new CoreWork(r, j, g, chunks.get(g)));
        }
      }
    }
    String split = describe(mode, nCols, rows, tiles, chunks.get(0).size(), ci.size());
    return new CorePlan(l, mode, cols, tiles.subTiles(), tiles.rows(), chunks.get(0).size(), ci, rows, cores, split,
        reason(mode, rows, tiles, chunks.get(0).size(), ci.size(), ciByCost), tiles.cycles());
  }

  /**
   * Whether every sub-tile's transfers fit a core's buffer descriptors: its input window is one DMA segment
   * per memtile slice it spans, each taking two descriptors on the core (ping/pong), and its output tile one
   * per output slice. Narrow tensors on wide arrays (one column per memtile) need this: a 9-column window
   * over 9 memtiles would need 18 of a core's 16 descriptors (aie2-facts.md, the target's core.dma).
   */
  private boolean descriptorsFit(Layer l, Mode mode, int nCols, int[] xb, int subTiles) {
    Window win = l.window();
    int[] in = Partition.even(l.in().w(), Geometry.sliceCount(t, l.in().w()));
    int[] out = Partition.even(l.out().w(), Geometry.sliceCount(t, l.out().w()));
    int bds = t.core().dma().bufferDescriptors();
    for (int j = 0; j < nCols; j++) {
      int x0 = mode == Mode.WIDTH ? xb[j] : 0;
      int[] sub = Partition.even((mode == Mode.WIDTH ? xb[j + 1] : l.out().w()) - x0, subTiles);
      for (int s = 0; s < subTiles; s++) {
        int a = x0 + sub[s];
        int b = x0 + sub[s + 1];
        if (a >= b) {
          continue;
        }
        int inSegments = spanned(in, Math.max(0, win.inCol(a)), Math.min(l.in().w(), win.inCol(b - 1) + win.effKw()));
        if (2 * inSegments > bds || spanned(out, a, b) > bds) {  // an ADD's operands load in two instructions
          return false;
        }
      }
    }
    return true;
  }

  /** Slices of boundaries {@code b} that overlap [x0, x1). */
  private static int spanned(int[] b, int x0, int x1) {
    int n = 0;
    for (int k = 0; k + 1 < b.length; k++) {
      n += b[k] < x1 && b[k + 1] > x0 ? 1 : 0;
    }
    return n;
  }

  private static boolean allEmpty(List<Chunk> chunks) {
    return chunks.stream().allMatch(Chunk::empty);
  }

  private TileSearch.Shape shape(Layer l, List<List<Chunk>> chunks, List<int[]> ci, int groups) {
    int chMax = 0;
    for (List<Chunk> g : chunks) {
      for (Chunk c : g) {
        chMax = Math.max(chMax, c.channels());
      }
    }
    int inPad;
    if (l.kind() == LayerKind.CONV) {
      inPad = 0;
      for (int[] r : ci) {
        inPad = Math.max(inPad, (r[1] - r[0]) * UNIT);
      }
    } else {
      inPad = chMax;
    }
    boolean psum = ci.size() > 1;
    long macsPerCore = l.macs() / Math.max(1, Math.min(groups, t.cores()));
    return new TileSearch.Shape(inPad, chMax, psum ? Integer.BYTES : 1, l.kind() == LayerKind.ADD,
        chunks.get(0).size(), ci.size(), macsPerCore);
  }

  /** Block rows of a conv per group (balanced by nonzero blocks), input-channel chunks, weight chunks. */
  private record GroupChunks(List<int[]> ci, List<List<Chunk>> chunks) {}

  private GroupChunks convChunks(Layer l, int groups, int minCiChunks) {
    ConvWeights w = l.weights();
    BlockStats st = stats(l);
    int taps = w.taps();
    long[] loads = new long[st.rows()];
    for (int br = 0; br < st.rows(); br++) {
      loads[br] = (long) st.blocks(br, 0, st.cols()) * taps + 1;
    }
    int[] gb = Partition.balanced(loads, groups);
    List<int[]> ci = ciChunks(l, st, taps, minCiChunks);
    for (int k = fewestChunksBound(st, ci, gb, taps); ; k++) {
      List<List<Chunk>> all = new ArrayList<>();
      boolean ok = true;
      for (int g = 0; g < groups && ok; g++) {
        List<Chunk> chunks = splitGroup(l, st, ci, gb[g], gb[g + 1], k);
        ok = chunks != null;
        all.add(chunks);
      }
      if (ok) {
        return new GroupChunks(ci, all);
      }
    }
  }

  /**
   * A lower bound of the chunks per group: every chunk's INT8 blocks of one input-channel range fit the weight
   * buffer, so no group needs fewer chunks than its blocks of any range take buffers (headers only add).
   */
  private int fewestChunksBound(BlockStats st, List<int[]> ci, int[] gb, int taps) {
    long most = 0;
    for (int g = 0; g + 1 < gb.length; g++) {
      for (int[] r : ci) {
        most = Math.max(most, (long) st.blocks(gb[g], gb[g + 1], r[0], r[1]) * taps * ChunkFormat.BLOCK_BYTES);
      }
    }
    return (int) Math.max(1, (most + t.core().weightBytes() - 1) / t.core().weightBytes());
  }

  /**
   * The fewest equal input-channel ranges, at least {@code min}, such that every single block row's blocks fit
   * the weight buffer.
   */
  private List<int[]> ciChunks(Layer l, BlockStats st, int taps, int min) {
    for (int n = Math.max(1, min); n <= st.cols(); n++) {
      int[] b = Partition.even(st.cols(), n);
      boolean fits = true;
      for (int q = 0; q < n && fits; q++) {
        for (int br = 0; br < st.rows() && fits; br++) {
          fits = ChunkFormat.convChunkBytes(1, st.blocks(br, b[q], b[q + 1]), taps) <= t.core().weightBytes();
        }
      }
      if (fits) {
        List<int[]> out = new ArrayList<>();
        for (int q = 0; q < n; q++) {
          out.add(new int[] {b[q], b[q + 1]});
        }
        return out;
      }
    }
    throw new BscException("layer " + l.name(), "one 8x8 block of " + taps + " taps does not fit the core weight buffer"
        + " of " + t.core().weightBytes() + " bytes");
  }

  /** Block rows [b0, b1) in k contiguous chunks that each fit the weight buffer, or null. */
  private List<Chunk> splitGroup(Layer l, BlockStats st, List<int[]> ci, int b0, int b1, int k) {
    int n = b1 - b0;
    long[] loads = new long[n];
    for (int i = 0; i < n; i++) {
      for (int[] r : ci) {
        loads[i] = Math.max(loads[i], ChunkFormat.convChunkBytes(1, st.blocks(b0 + i, r[0], r[1]), l.weights().taps()));
      }
    }
    int[] p = Partition.balanced(loads, k);
    List<Chunk> out = new ArrayList<>();
    int cout = l.out().c();
    for (int c = 0; c < k; c++) {
      int br0 = b0 + p[c];
      int br1 = b0 + p[c + 1];
      for (int[] r : ci) {
        if (ChunkFormat.convChunkBytes(br1 - br0, st.blocks(br0, br1, r[0], r[1]), l.weights().taps())
            > t.core().weightBytes()) {
          return null;
        }
      }
      out.add(new Chunk(Math.min(br0 * UNIT, cout), Math.min(br1 * UNIT, cout), br0, br1));
    }
    return out;
  }

  private int maxChannelwiseChunks(Layer l, int groups) {
    int units = (l.out().c() + UNIT - 1) / UNIT;
    return Math.max(1, (units + groups - 1) / groups);
  }

  /** Channels in units of 8 per group, each group's range in k chunks; null when a depthwise chunk is too big. */
  private List<List<Chunk>> channelwiseChunks(Layer l, int groups, int k) {
    int c = l.out().c();
    int units = (c + UNIT - 1) / UNIT;
    int[] gb = Partition.even(units, groups);
    List<List<Chunk>> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      int[] kb = Partition.even(gb[g + 1] - gb[g], k);
      List<Chunk> chunks = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        int c0 = Math.min(c, (gb[g] + kb[i]) * UNIT);
        int c1 = Math.min(c, (gb[g] + kb[i + 1]) * UNIT);
        if (l.kind() == LayerKind.DEPTHWISE
            && ChunkFormat.depthwiseChunkBytes(c1 - c0, l.window().taps()) > t.core().weightBytes()) {
          return null;
        }
        chunks.add(new Chunk(c0, c1, 0, 0));
      }
      out.add(chunks);
    }
    return out;
  }

  private static String describe(Mode mode, int nCols, int rows, TileSearch.Tiles tiles, int chunks, int ci) {
    StringBuilder b = new StringBuilder(mode == Mode.WIDTH ? "W/" + nCols + " x COUT/" + rows : "COUT/" + nCols * rows);
    if (tiles.subTiles() > 1) {
      b.append(" x W").append(tiles.subTiles());
    }
    if (chunks > 1) {
      b.append(" x COUT").append(chunks).append("t");
    }
    if (ci > 1) {
      b.append(" x CIN").append(ci);
    }
    return b.append(" x H/").append(tiles.rows()).toString();
  }

  private String reason(Mode mode, int rows, TileSearch.Tiles tiles, int chunks, int ci, boolean ciByCost) {
    List<String> r = new ArrayList<>();
    r.add(mode == Mode.WIDTH ? "output width across columns, channels across the cores of a column"
        : "output narrower than the array: channels across " + (rows < t.rows() ? "the cores used" : "all cores"));
    if (rows < t.rows()) {
      r.add("only the first " + rows + " of the " + t.rows() + " cores of each column: with " + (rows + 1)
          + ", the smallest memtile working set (one weight chunk per core, all its input channels) exceeds the"
          + " memtile");
    }
    if (tiles.subTiles() > 1) {
      r.add("a column's width in " + tiles.subTiles() + " sub-tiles to fit the input slot");
    }
    if (chunks > 1) {
      r.add("each core's weights in " + chunks + " chunks of at most " + t.core().weightBytes() + " bytes (COUT split)");
    }
    if (ci > 1 && ciByCost) {
      r.add("input channels in " + ci + " chunks with INT32 partial sums (CIN split), more than the weight buffer"
          + " needs: fewer COUT chunks stream the input fewer times, estimated faster");
    } else if (ci > 1) {
      r.add("one block row exceeds the weight buffer: input channels in " + ci + " chunks with INT32 partial sums"
          + " (CIN split)");
    }
    r.add(tiles.rows() + " output rows per iteration");
    return String.join("; ", r);
  }
}
