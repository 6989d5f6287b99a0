package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QuantizedLayer;

/**
 * A Conv or fully connected layer in integers. The output positions are processed in chunks: each chunk's
 * input is laid out as im2col rows, the int32 accumulators start at the bias, the {@link ConvWeights} add
 * the products into float sums that stay exact ({@link Mac}) and are moved into the accumulators every at
 * most 1024 products, and each channel is requantized ({@link FixedPoint#requantize}, then the clamp).
 *
 * <p>Two threads or more split the output positions when there are many, else the row groups (balanced by
 * their multiply-accumulates, so a sparse layer's threads get equal numbers of nonzero blocks). A layer
 * with one output position (a classifier) runs as matrix-vector products.
 */
final class ConvKernel implements Int8Kernel {
  /** Output positions per chunk: a chunk's 8 accumulator rows and 8 input rows stay in L1. */
  static final int CHUNK = 512;
  /** Chunks are computed rounded up to this many positions, so short ones still take the vector loop. */
  static final int PAD = 64;
  /** Positions per thread below which threads split channels instead. */
  static final int PIXEL_SPLIT_MIN = 256;
  /** im2col rows per channel tile: 256 rows of CHUNK ints are 512 KiB, half an L2 of recent x86 cores. */
  static final int TILE_ROWS = 256;

  private final ConvGeometry g;
  private final ConvWeights weights;
  private final int in;
  private final int out;
  private final int[] bias;
  private final int[] shift;
  private final int lo;
  private final int hi;
  private final Workers workers;
  private final Scratch[] scratch;
  private final int[] groupBounds;
  private final int tileChannels;
  private final int blockCols;

  ConvKernel(ConvGeometry g, QuantizedLayer layer, ConvWeights weights, int blockCols, int in, int out,
      Workers workers, Scratch[] scratch) {
    this.g = g;
    this.weights = weights;
    this.in = in;
    this.out = out;
    this.bias = layer.bias();
    this.shift = layer.shift();
    this.lo = layer.clampMin();
    this.hi = layer.clampMax();
    this.workers = workers;
    this.scratch = scratch;
    this.groupBounds = balance(weights, workers.threads());
    this.tileChannels = tileChannels(g, blockCols);
    this.blockCols = blockCols;
  }

  /**
   * Input channels per tile: about TILE_ROWS im2col rows, a multiple of the block width (a block is never
   * split between tiles), or whole conv groups for a grouped conv.
   */
  static int tileChannels(ConvGeometry g, int blockCols) {
    if (g.groups() > 1) {
      return Math.max(1, TILE_ROWS / g.terms()) * g.inPerGroup();
    }
    int c = Math.max(blockCols, TILE_ROWS / g.taps() / blockCols * blockCols);
    return Math.min(c, (g.inChannels() + blockCols - 1) / blockCols * blockCols);
  }

  /** Row-group boundaries giving each part about the same multiply-accumulates. */
  private static int[] balance(ConvWeights w, int parts) {
    long[] macs = new long[w.rowGroups().count()];
    for (int i = 0; i < macs.length; i++) {
      macs[i] = w.macsPerPosition(i);
    }
    return balance(macs, parts);
  }

  /** Boundaries cutting groups with these multiply-accumulates into about equal parts. */
  static int[] balance(long[] macs, int parts) {
    int n = macs.length;
    parts = Math.max(1, Math.min(parts, n));
    long total = 0;
    for (long m : macs) {
      total += m;
    }
    int[] bounds = new int[parts + 1];
    long sum = 0;
    int p = 1;
    for (int i = 0; i < n && p < parts; i++) {
      sum += macs[i];
      if (sum * parts >= total * p) {
        bounds[p++] = i + 1;
      }
    }
    for (; p <= parts; p++) {
      bounds[p] = n;
    }
    return bounds;
  }

  ConvWeights weights() {
    return weights;
  }

  @Override
  public void run(Frame f) {
    // the widened input is shared by the threads: convs run one after another, so one buffer serves all
    float[] x = Im2col.widen(f.get(in), scratch[0].input);
    scratch[0].input = x;
    int positions = g.pixels();
    byte[] y = new byte[g.outChannels() * positions];
    int threads = workers.threads();
    if (positions == 1) {
      workers.forEach(groupBounds.length - 1, p -> vector(x, y, groupBounds[p], groupBounds[p + 1], scratch[p]));
    } else if (threads > 1 && positions >= PIXEL_SPLIT_MIN * threads) {
      int groups = weights.rowGroups().count();
      workers.forEach(threads, p -> positions(x, y, (int) ((long) positions * p / threads),
          (int) ((long) positions * (p + 1) / threads), 0, groups, scratch[p]));
    } else {
      workers.forEach(groupBounds.length - 1,
          p -> positions(x, y, 0, positions, groupBounds[p], groupBounds[p + 1], scratch[p]));
    }
    f.set(out, y);
  }

  /**
   * Output positions [qLo, qHi) of row groups [gLo, gHi), chunk by chunk. Within a chunk the input channels
   * are taken a tile at a time, so that the tile's im2col rows stay in L2 while every row group reads them;
   * the sums of all channels live across the tiles. A grouped conv's tiles are whole conv groups.
   */
  private void positions(float[] x, byte[] y, int qLo, int qHi, int gLo, int gHi, Scratch s) {
    if (gLo >= gHi || qLo >= qHi) {
      return;
    }
    RowGroups rg = weights.rowGroups();
    int tile = tileChannels;
    int zeroRow = tile * g.taps();
    s.ensure(zeroRow, g.outChannels(), CHUNK);
    int[][] acc = s.acc;
    float[][] sums = s.sums;
    java.util.Arrays.fill(s.cols[zeroRow], 0);
    int cLo = rg.inBase()[gLo];
    int cHi = g.groups() == 1 ? g.inChannels() : rg.inBase()[gHi - 1] + g.inPerGroup();
    int positions = g.pixels();
    for (int q0 = qLo; q0 < qHi; q0 += CHUNK) {
      int n = Math.min(CHUNK, qHi - q0);
      int padded = Math.min(CHUNK, (n + PAD - 1) / PAD * PAD);
      for (int grp = gLo; grp < gHi; grp++) {
        for (int o = rg.start()[grp]; o < rg.start()[grp] + rg.size()[grp]; o++) {
          java.util.Arrays.fill(acc[o], 0, padded, bias[o]);
          java.util.Arrays.fill(sums[o], 0, padded, 0f);
        }
      }
      int pending = 0;
      for (int t0 = cLo; t0 < cHi; t0 += tile) {
        int t1 = Math.min(cHi, t0 + tile);
        Im2col.fill(g, x, t0, t1, q0, n, s.cols, tile);
        if (g.groups() == 1) {
          pending = passes(gLo, gHi, acc, sums, s.cols, t0, zeroRow, t0, t1, padded, pending);
        } else {
          for (int grp = gLo; grp < gHi; grp++) {
            int base = rg.inBase()[grp];
            if (base >= t0 && base < t1) {
              // a conv group's outputs read only its own channels, all in this tile: nothing pending before
              passes(grp, grp + 1, acc, sums, s.cols, t0, zeroRow, 0, g.inPerGroup(), padded, 0);
            }
          }
        }
      }
      flush(gLo, gHi, acc, sums, padded);
      for (int grp = gLo; grp < gHi; grp++) {
        for (int o = rg.start()[grp]; o < rg.start()[grp] + rg.size()[grp]; o++) {
          requantize(acc[o], 0, n, shift[o], y, o * positions + q0, lo, hi);
        }
      }
    }
  }

  /**
   * Adds the products of channels [cLo, cHi) at every tap, for row groups [gLo, gHi), into the float sums in
   * passes of at most {@link Mac#EXACT_PRODUCTS} products per output (whole blocks counted), moving the sums
   * into the int32 accumulators first whenever a pass would take them past that. Returns the products
   * pending in the sums.
   */
  private int passes(int gLo, int gHi, int[][] acc, float[][] sums, float[][] cols, int rowBase, int zeroRow,
      int cLo, int cHi, int n, int pending) {
    int taps = g.taps();
    int step = Math.max(blockCols, Math.min(roundUp(cHi - cLo), Mac.EXACT_PRODUCTS / blockCols * blockCols));
    for (int c0 = cLo; c0 < cHi; c0 += step) {
      int c1 = Math.min(cHi, c0 + step);
      int width = roundUp(c1 - c0);
      int tapsPerPass = Math.max(1, Math.min(taps, Mac.EXACT_PRODUCTS / width));
      for (int t0 = 0; t0 < taps; t0 += tapsPerPass) {
        int t1 = Math.min(taps, t0 + tapsPerPass);
        int products = width * (t1 - t0);
        if (pending + products > Mac.EXACT_PRODUCTS) {
          flush(gLo, gHi, acc, sums, n);
          pending = 0;
        }
        for (int grp = gLo; grp < gHi; grp++) {
          weights.accumulate(grp, sums, cols, rowBase, tileChannels, zeroRow, c0, c1, t0, t1, n);
        }
        pending += products;
      }
    }
    return pending;
  }

  /** Channels rounded up to whole blocks: what a walk may multiply per tap. */
  private int roundUp(int channels) {
    return (channels + blockCols - 1) / blockCols * blockCols;
  }

  private void flush(int gLo, int gHi, int[][] acc, float[][] sums, int n) {
    RowGroups rg = weights.rowGroups();
    for (int grp = gLo; grp < gHi; grp++) {
      for (int o = rg.start()[grp]; o < rg.start()[grp] + rg.size()[grp]; o++) {
        Mac.flush(acc[o], sums[o], n);
      }
    }
  }

  /** The single output position of row groups [gLo, gHi). */
  private void vector(float[] x, byte[] y, int gLo, int gHi, Scratch s) {
    RowGroups rg = weights.rowGroups();
    int[] v = s.vector(g.inChannels() * g.taps());
    Im2col.vector(g, x, v);
    int[] acc = new int[rg.maxSize()];
    for (int grp = gLo; grp < gHi; grp++) {
      int o0 = rg.start()[grp];
      int size = rg.size()[grp];
      for (int r = 0; r < size; r++) {
        acc[r] = bias[o0 + r];
      }
      weights.accumulateVector(grp, acc, v);
      for (int r = 0; r < size; r++) {
        y[o0 + r] = (byte) FixedPoint.clamp(FixedPoint.requantize(acc[r], shift[o0 + r]), lo, hi);
      }
    }
  }

  /**
   * y[at + q] = clamp(requantize(acc[from + q], s)) for q < n: one output channel's row, in scalar arithmetic.
   */
  static void requantize(int[] acc, int from, int n, int s, byte[] y, int at, int lo, int hi) {
    for (int q = 0; q < n; q++) {
      y[at + q] = (byte) FixedPoint.clamp(FixedPoint.requantize(acc[from + q], s), lo, hi);
    }
  }
}
