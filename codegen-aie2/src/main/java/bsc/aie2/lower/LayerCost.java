package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.lower.CorePlan.Chunk;
import bsc.aie2.lower.CorePlan.ColumnWork;
import bsc.aie2.lower.CorePlan.CoreWork;

/**
 * An estimate of a conv layer's cycles under its core plan and pass plan, following the order the emitter
 * issues the work (LayerEmitter): for each band, chunk group, chunk k and input-channel chunk q, the core
 * weight buffer is loaded (one buffer, so the load does not overlap the compute that needs it), then the band's
 * tiles stream through as a pipeline whose stages are a column's broadcast input stream (the input is streamed
 * again for every chunk k), the memtile channel that serves partial sums back to the cores of a column, the
 * memtile channels that receive the cores' outputs (INT32 partial sums before the last q), and a core's
 * kernels. Each chunk group's weights come from DDR before its first step (in every band when they are
 * reloaded). The layer takes the sum of all that, or its staged inputs' DDR traffic if that is longer.
 *
 * <p>It ranks one layer's candidate plans (CinChoice); it is not a latency report (the simulator is), and no
 * figure in it is fitted to the simulator: every rate is the target's or an AIE-ML core fact.
 */
final class LayerCost {
  /** AIE-ML core: two 256-bit load units and one 256-bit store unit (aie2-facts.md 1, AM020). */
  private static final int LOAD_BITS_PER_CYCLE = 512;
  private static final int STORE_BITS_PER_CYCLE = 256;
  /** acc32 lanes for INT8 x INT8 (aie2-facts.md 1); INT8 operands (docs/PROGRAM.md). */
  private static final int ACC_LANE_BITS = 32;
  private static final int OPERAND_BITS = 8;
  private static final int UNIT = ChunkFormat.BLOCK;
  private final Aie2Target t;

  LayerCost(Aie2Target t) {
    this.t = t;
  }

  double cycles(CorePlan p, ChunkSizes cs, PassPlan pp, long stagedInputBytes) {
    int rows = p.rowsPerTile();
    int h = p.layer().out().h();
    double steps = 0;
    for (int bi = 0; bi < pp.bands().size(); bi++) {
      int[] band = pp.bands().get(bi);
      Band b = new Band(band[1] - band[0], Math.min(h, band[1] * rows) - band[0] * rows, inputRows(p, band));
      for (int[] group : pp.chunkGroups()) {
        if (bi == 0 || !pp.weightsOnce()) {
          steps += weightDdrCycles(p, cs, group);
        }
        for (int k = group[0]; k < group[1]; k++) {
          for (int q = 0; q < p.ciChunks().size(); q++) {
            steps += stepCycles(p, cs, b, k, q);
          }
        }
      }
    }
    return Math.max(steps, stagedInputBytes / (ddrBytesPerCycle() * t.columns()));
  }

  /**
   * A lower bound of {@link #cycles} for any plan of the layer with at least {@code ciChunks} input-channel
   * chunks: its weight blocks (the same in every plan: {@code cs} of any one) come from DDR and into the cores
   * at least once, spread at best evenly over the columns, and a step lasts at least its weight load plus its
   * output stream, which carries INT32 partial sums for all but the last chunk, of at least an even share of
   * the output per core. It grows with {@code ciChunks}.
   */
  double lowerBound(Layer l, ChunkSizes cs, int ciChunks) {
    long blocks = 0;
    for (int g = 0; g < cs.groups(); g++) {
      for (int k = 0; k < cs.chunks(); k++) {
        for (int q = 0; q < cs.ciChunks(); q++) {
          blocks += cs.blocks(g, k, q);
        }
      }
    }
    double perColumn = (double) blocks * l.window().taps() * ChunkFormat.BLOCK_BYTES / t.columns();
    double weights = perColumn / t.links().streamBytesPerCycle() + perColumn / ddrBytesPerCycle();
    double outPerCore = (double) l.out().h() * l.out().w() * l.out().c() / t.cores();
    return weights + outPerCore * ((ciChunks - 1) * Integer.BYTES + 1) / t.links().streamBytesPerCycle();
  }

  /** One DDR channel (a shim channel at the DDR channel's rate, at most a stream's). */
  private double ddrBytesPerCycle() {
    return Math.min(t.links().ddrBytesPerSecondPerChannel() / t.clockHz(), t.links().streamBytesPerCycle());
  }

  /**
   * A chunk group's weights from DDR into the memtile weight buffer, one shim channel per column; the group's
   * first chunk cannot load into the cores before it is there (LayerEmitter: one memtile weight buffer).
   */
  private double weightDdrCycles(CorePlan p, ChunkSizes cs, int[] group) {
    long[] perMemtile = new long[t.columns()];
    for (int g = 0; g < cs.groups(); g++) {
      for (int k = group[0]; k < group[1]; k++) {
        for (int q = 0; q < p.ciChunks().size(); q++) {
          perMemtile[Geometry.memtileOfGroup(p, g)] += cs.bytes(g, k, q);
        }
      }
    }
    long max = 0;
    for (long b : perMemtile) {
      max = Math.max(max, b);
    }
    return max / ddrBytesPerCycle();
  }

  /** A band: its row tiles, output rows and the input rows its tiles stream (halos counted per tile). */
  private record Band(int tiles, int outRows, long inRows) {}

  private static long inputRows(CorePlan p, int[] band) {
    int rows = p.rowsPerTile();
    int h = p.layer().out().h();
    long n = 0;
    for (int tile = band[0]; tile < band[1]; tile++) {
      n += p.layer().window().inRows(Math.min(h, (tile + 1) * rows) - tile * rows);
    }
    return n;
  }

  /**
   * Chunk (k, q) of every weight group into the core weight buffers: a memtile's weight channel sends the chunks
   * of the groups it holds one after the other.
   */
  private double weightLoadCycles(CorePlan p, ChunkSizes cs, int k, int q) {
    long[] perMemtile = new long[t.columns()];
    for (int g = 0; g < cs.groups(); g++) {
      perMemtile[Geometry.memtileOfGroup(p, g)] += cs.bytes(g, k, q);
    }
    long max = 0;
    for (long b : perMemtile) {
      max = Math.max(max, b);
    }
    return (double) max / t.links().streamBytesPerCycle();
  }

  /**
   * One step (chunk k, input-channel chunk q, a band's tiles) as a pipeline of its iterations: the first tile's
   * input streams while the weights load (the other ping/pong slot is free), then the first tile's partial sums
   * come in on the weight channel, it computes and writes back; every further iteration adds the slowest stage.
   */
  private double stepCycles(CorePlan p, ChunkSizes cs, Band b, int k, int q) {
    boolean lastQ = q == p.ciChunks().size() - 1;
    double bpc = t.links().streamBytesPerCycle();
    double in = 0;
    double psum = 0;
    double out = 0;
    double compute = 0;
    double[] inputChannelCycles = new double[2 * t.columns()];
    for (ColumnWork col : p.columns()) {
      long[] toMemtile = new long[ChannelPlan.MT_S2MM_FROM_CORES_COUNT];
      long psumReads = 0;
      int[] inCh = null;
      for (CoreWork w : p.cores()) {
        Chunk ch = w.chunks().get(k);
        if (w.column() != col.column() || ch.empty()) {
          continue;
        }
        inCh = p.inputChannels(q, ch);
        long pixels = (long) b.outRows() * (col.x1() - col.x0());
        toMemtile[ChannelPlan.fromCore(w.row()) - ChannelPlan.MT_S2MM_FROM_CORES] +=
            pixels * ch.channels() * (lastQ ? 1 : Integer.BYTES);
        psumReads += q > 0 ? pixels * ch.channels() * Integer.BYTES : 0;
        compute = Math.max(compute, computeCycles(p, col, b, cs.blocks(w.group(), k, q),
            cs.blockRows(w.group(), k, q), q > 0, lastQ));
      }
      if (inCh == null) {
        continue;
      }
      long maxOut = 0;
      for (long o : toMemtile) {
        maxOut = Math.max(maxOut, o);
      }
      addInputStreams(p, col, (double) b.inRows() * (inCh[1] - inCh[0]) / bpc, inputChannelCycles);
      psum = Math.max(psum, psumReads / bpc);
      out = Math.max(out, maxOut / bpc);
    }
    for (double c : inputChannelCycles) {
      in = Math.max(in, c);
    }
    double n = (double) b.tiles() * p.subTiles();
    double slowest = Math.max(Math.max(in, compute), Math.max(psum, out)) / n;
    return Math.max(weightLoadCycles(p, cs, k, q), in / n) + (psum + compute + out) / n + (n - 1) * slowest;
  }

  /**
   * A column's input tiles for one step, charged to the memtile channels that send them: a tile's window spans
   * memtile width slices; slices within the neighbour reach of the column's memtile are read by its own channel,
   * farther ones by the source memtile's remote channel (LayerContext.activationSource). A transfer holds every
   * channel it reads through for its whole duration, so transfers sharing a channel serialize: channels
   * [0, columns) are the columns' own, [columns, 2 columns) the remote ones.
   */
  private void addInputStreams(CorePlan p, ColumnWork col, double cyclesPerInputColumn, double[] channelCycles) {
    Layer l = p.layer();
    Window win = l.window();
    int[] slices = Partition.even(l.in().w(), Geometry.sliceCount(t, l.in().w()));
    int reach = t.memtile().neighborReach();
    boolean[] held = new boolean[channelCycles.length];
    for (int s = 0; s < p.subTiles(); s++) {
      int a = col.subStart(s);
      int e = col.subEnd(s);
      if (a >= e) {
        continue;
      }
      double cycles = win.inCols(e - a) * cyclesPerInputColumn;
      int x0 = Math.max(0, win.inCol(a));
      int x1 = Math.min(l.in().w(), win.inCol(e - 1) + win.effKw());
      java.util.Arrays.fill(held, false);
      held[col.column()] = true;
      for (int m = 0; m + 1 < slices.length; m++) {
        if (slices[m] < x1 && slices[m + 1] > x0) {
          held[Math.abs(m - col.column()) <= reach ? col.column() : t.columns() + m] = true;
        }
      }
      for (int c = 0; c < held.length; c++) {
        channelCycles[c] += held[c] ? cycles : 0;
      }
    }
  }

  /**
   * One core's kernels for a band: one mmul per (block, tap, group of mmulM pixels of a row), each accumulator
   * tile initialised (bias, or INT32 partial sums loaded) and written back (INT8, or INT32 partial sums), plus
   * each call's overhead.
   */
  private double computeCycles(CorePlan p, ColumnWork col, Band b, int blocks, int blockRows, boolean accumulate,
      boolean requantize) {
    Aie2Target.Compute c = t.compute();
    long pixelGroups = 0;
    for (int s = 0; s < p.subTiles(); s++) {
      pixelGroups += (long) b.outRows() * ceilDiv(col.subEnd(s) - col.subStart(s), c.mmulM());
    }
    int nTiles = ceilDiv(UNIT, c.mmulN());
    long mmuls = (long) blocks * p.layer().window().taps() * pixelGroups * nTiles * ceilDiv(UNIT, c.mmulK());
    long accBits = (long) c.mmulM() * c.mmulN() * ACC_LANE_BITS;
    long init = accumulate ? ceilDiv(accBits, LOAD_BITS_PER_CYCLE) : 1;
    long store = requantize ? ceilDiv((long) c.mmulM() * c.mmulN() * OPERAND_BITS, STORE_BITS_PER_CYCLE)
        : ceilDiv(accBits, STORE_BITS_PER_CYCLE);
    long edges = (long) blockRows * pixelGroups * nTiles * (init + Math.max(1, store));
    long calls = (long) b.tiles() * p.subTiles();
    return mmuls / c.kernelEfficiency() + edges + calls * (double) c.kernelCallOverheadCycles();
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
