package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QuantizedLayer;

/**
 * A Conv or fully connected layer in integers. The output positions are processed in chunks: each chunk's
 * input is laid out as im2col rows, the accumulators start at the bias, the {@link ConvWeights} add the
 * products, and each channel is requantized ({@link FixedPoint#requantize}, then the activation clamp).
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

  ConvKernel(ConvGeometry g, QuantizedLayer layer, ConvWeights weights, int in, int out, Workers workers,
      Scratch[] scratch) {
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
  }

  /** Row-group boundaries giving each part about the same multiply-accumulates. */
  private static int[] balance(ConvWeights w, int parts) {
    RowGroups rg = w.rowGroups();
    int n = rg.count();
    parts = Math.max(1, Math.min(parts, n));
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += w.macsPerPosition(i);
    }
    int[] bounds = new int[parts + 1];
    long sum = 0;
    int p = 1;
    for (int i = 0; i < n && p < parts; i++) {
      sum += w.macsPerPosition(i);
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
    byte[] x = f.get(in);
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

  /** Output positions [qLo, qHi) of row groups [gLo, gHi). */
  private void positions(byte[] x, byte[] y, int qLo, int qHi, int gLo, int gHi, Scratch s) {
    if (gLo >= gHi || qLo >= qHi) {
      return;
    }
    RowGroups rg = weights.rowGroups();
    int taps = g.taps();
    int rows = g.inChannels() * taps;
    s.ensure(rows, rg.maxSize(), CHUNK);
    int[][] acc = s.acc;
    java.util.Arrays.fill(s.cols[rows], 0);
    int cLo = rg.inBase()[gLo];
    int cHi = g.groups() == 1 ? g.inChannels() : rg.inBase()[gHi - 1] + g.inPerGroup();
    int positions = g.pixels();
    for (int q0 = qLo; q0 < qHi; q0 += CHUNK) {
      int n = Math.min(CHUNK, qHi - q0);
      int padded = Math.min(CHUNK, (n + PAD - 1) / PAD * PAD);
      Im2col.fill(g, x, cLo, cHi, q0, n, s.cols);
      for (int grp = gLo; grp < gHi; grp++) {
        int o0 = rg.start()[grp];
        int size = rg.size()[grp];
        for (int r = 0; r < size; r++) {
          java.util.Arrays.fill(acc[r], 0, padded, bias[o0 + r]);
        }
        weights.accumulate(grp, acc, s.cols, rows, padded);
        for (int r = 0; r < size; r++) {
          requantize(acc[r], n, shift[o0 + r], y, (o0 + r) * positions + q0);
        }
      }
    }
  }

  /** The single output position of row groups [gLo, gHi). */
  private void vector(byte[] x, byte[] y, int gLo, int gHi, Scratch s) {
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

  private void requantize(int[] acc, int n, int s, byte[] y, int at) {
    for (int q = 0; q < n; q++) {
      y[at + q] = (byte) FixedPoint.clamp(FixedPoint.requantize(acc[q], s), lo, hi);
    }
  }
}
