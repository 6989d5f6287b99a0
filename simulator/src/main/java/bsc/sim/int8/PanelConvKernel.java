package bsc.sim.int8;

import bsc.sparsify.quant.QuantizedLayer;

/**
 * The vector path of an ungrouped Conv ({@link PanelWeights#applies}): the same integer arithmetic as
 * {@link ConvKernel}, computed by register-blocked micro-kernels ({@link PanelMac}) that read their operands
 * in place from the input laid out once per run as padded, stride-phase planes ({@link Planes}: no im2col
 * copy). Outputs are computed on the planes' grid, in chunks of positions; for each group of 8 output
 * channels and each strip of 48 positions (the last 16 or 32) the micro-kernel sums the group's whole walk
 * (a segment per call, rarely more than one), its sums go into int32 starting from the bias, and the 8
 * channels are requantized at once, from a small buffer that stays in L1; grid columns past the output
 * width are dropped.
 *
 * <p>Two threads or more split the grid positions when there are many, else the groups of 8 channels
 * (balanced by their multiply-accumulates, so a sparse layer's threads get equal numbers of nonzero
 * blocks); the input is laid out by all of them, a range of channels each.
 */
final class PanelConvKernel implements Int8Kernel {
  /** Grid positions per chunk at most: ten strips of 48. */
  static final int CHUNK = 480;
  /** Bytes of laid-out input a chunk should read at most, so that it stays in L2 while every group walks it. */
  private static final int CHUNK_BYTES = 384 << 10;
  /** Input elements from which the threads share the layout. */
  private static final int SHARED_FILL_MIN = 1 << 15;
  private static final int STRIP = PanelMac.STRIP;

  private final ConvGeometry g;
  private final Planes planes;
  private final PanelWeights weights;
  private final int in;
  private final int out;
  private final int[] bias;
  private final int[] shift;
  private final int lo;
  private final int hi;
  private final Workers workers;
  private final Scratch[] scratch;
  private final int[] groupBounds;
  private final int chunk;
  /** Channels whose rounding the int lanes compute exactly: see {@link VectorLoops#requantize}. */
  private final boolean[] intRounding;
  /** Groups of 8 channels that all round in int lanes: their sums go to bytes in one pass ({@link PanelMac#finish}). */
  private final boolean[] fused;

  PanelConvKernel(ConvGeometry g, Planes planes, QuantizedLayer layer, PanelWeights weights, int in, int out,
      Workers workers, Scratch[] scratch) {
    this.g = g;
    this.planes = planes;
    this.weights = weights;
    this.in = in;
    this.out = out;
    this.bias = layer.bias();
    this.shift = layer.shift();
    this.lo = layer.clampMin();
    this.hi = layer.clampMax();
    this.workers = workers;
    this.scratch = scratch;
    this.groupBounds = ConvKernel.balance(weights.macsPerPosition(), workers.threads());
    long perPosition = 4L * g.inChannels() * planes.phases();
    this.chunk = (int) Math.max(STRIP, Math.min(CHUNK, CHUNK_BYTES / perPosition / STRIP * STRIP));
    this.intRounding = new boolean[g.outChannels()];
    long products = (long) g.terms() << 14; // |int8 x int8| <= 2^14
    for (int o = 0; o < intRounding.length; o++) {
      intRounding[o] = shift[o] >= 1 && shift[o] <= 30
          && Math.abs((long) bias[o]) + products + (1L << (shift[o] - 1)) < Integer.MAX_VALUE;
    }
    this.fused = new boolean[weights.groups()];
    for (int grp = 0; grp < fused.length; grp++) {
      fused[grp] = true;
      for (int r = 0; r < PanelMac.ROWS; r++) {
        fused[grp] &= intRounding[grp * PanelMac.ROWS + r];
      }
    }
  }

  @Override
  public void run(Frame f) {
    byte[] input = f.get(in);
    int len = planes.length();
    float[] x = scratch[0].input != null && scratch[0].input.length >= len ? scratch[0].input : new float[len];
    scratch[0].input = x;
    int threads = workers.threads();
    int cin = g.inChannels();
    if (threads > 1 && input.length >= SHARED_FILL_MIN && cin >= threads) {
      workers.forEach(threads, p -> planes.fill(input, x, cin * p / threads, cin * (p + 1) / threads));
    } else {
      planes.fill(input, x, 0, cin);
    }
    int positions = planes.positions();
    byte[] y = new byte[g.outChannels() * g.pixels()];
    int groups = weights.groups();
    if (threads > 1 && positions >= ConvKernel.PIXEL_SPLIT_MIN * threads) {
      // cut at whole strips, so that only the last part has a short one
      int units = (positions + STRIP - 1) / STRIP;
      workers.forEach(threads, p -> positions(x, y, Math.min(positions, units * p / threads * STRIP),
          Math.min(positions, units * (p + 1) / threads * STRIP), 0, groups, scratch[p]));
    } else {
      workers.forEach(groupBounds.length - 1,
          p -> positions(x, y, 0, positions, groupBounds[p], groupBounds[p + 1], scratch[p]));
    }
    f.set(out, y);
  }

  /** Grid positions [qLo, qHi) of the groups [gLo, gHi), a chunk at a time, group by group, strip by strip. */
  private void positions(float[] x, byte[] y, int qLo, int qHi, int gLo, int gHi, Scratch s) {
    if (gLo >= gHi || qLo >= qHi) {
      return;
    }
    float[] sums = s.sums(PanelMac.ROWS * STRIP);
    int[] acc = s.stripAcc(PanelMac.ROWS * STRIP);
    boolean direct = planes.dense();
    byte[] rows = direct ? null : s.rowBytes(PanelMac.ROWS * chunk);
    int pixels = g.pixels();
    for (int q0 = qLo; q0 < qHi; q0 += chunk) {
      int n = Math.min(chunk, qHi - q0);
      int padded = (n + PanelMac.LANES - 1) / PanelMac.LANES * PanelMac.LANES;
      for (int grp = gLo; grp < gHi; grp++) {
        int o0 = grp * PanelMac.ROWS;
        for (int q = 0; q < padded; q += STRIP) {
          int width = Math.min(STRIP, padded - q);
          boolean carried = weights.strip(grp, width, x, q0 + q, sums, acc, bias);
          int valid = Math.min(width, n - q);
          // straight into the output when the grid is the output, else into the chunk's rows
          byte[] to = direct ? y : rows;
          int at = direct ? o0 * pixels + q0 + q : q;
          int rowStride = direct ? pixels : chunk;
          if (fused[grp]) {
            PanelMac.finish(sums, valid, acc, carried ? null : bias, o0, shift, lo, hi, to, at, rowStride);
          } else {
            PanelMac.flush(sums, width, acc, carried ? null : bias, o0);
            for (int r = 0; r < PanelMac.ROWS; r++) {
              requantize(o0 + r, acc, r * STRIP, valid, to, at + r * rowStride);
            }
          }
        }
        if (!direct) {
          scatter(rows, q0, n, y, o0);
        }
      }
    }
  }

  private void requantize(int o, int[] acc, int from, int n, byte[] y, int at) {
    if (intRounding[o]) {
      VectorLoops.requantize(acc, from, n, shift[o], y, at, lo, hi);
    } else {
      ConvKernel.requantize(acc, from, n, shift[o], y, at, lo, hi);
    }
  }

  /** Copies the output columns of grid positions [q0, q0 + n) of channels o0 .. o0 + 7 from their rows to y. */
  private void scatter(byte[] rows, int q0, int n, byte[] y, int o0) {
    int gw = planes.width();
    int ow = g.outWidth();
    int pixels = g.pixels();
    int oy = q0 / gw;
    int ox = q0 - oy * gw;
    for (int i = 0; i < n; ) {
      int seg = Math.min(n - i, gw - ox);
      int keep = Math.max(0, Math.min(seg, ow - ox));
      if (keep > 0) {
        for (int r = 0; r < PanelMac.ROWS; r++) {
          System.arraycopy(rows, r * chunk + i, y, (o0 + r) * pixels + oy * ow + ox, keep);
        }
      }
      i += seg;
      ox = 0;
      oy++;
    }
  }
}
