package bsc.sim.int8;

import bsc.sparsify.quant.QuantizedLayer;

/**
 * The vector path of an ungrouped Conv ({@link PanelWeights#applies}): the same integer arithmetic as
 * {@link ConvKernel}, computed by register-blocked micro-kernels ({@link PanelMac}). Output positions go in
 * chunks of {@link #CHUNK}; a chunk's input is laid out a channel tile at a time as im2col rows in one
 * array, and every group of 8 output channels adds the tile's products, a strip of 48 positions (the last
 * 16 or 32) at a time, into its int32 accumulators, which start at the bias; then each channel is requantized.
 *
 * <p>Two threads or more split the output positions when there are many or when the conv copies im2col
 * rows (which each thread would otherwise copy whole), else the groups of 8 channels (balanced by their
 * multiply-accumulates, so a sparse layer's threads get equal numbers of nonzero blocks).
 */
final class PanelConvKernel implements Int8Kernel {
  /** Output positions per chunk: ten strips of 48. */
  static final int CHUNK = 480;
  /**
   * Floats between consecutive im2col rows: CHUNK plus one cache line, so that the rows of a block (read
   * together) do not all fall into the same L1 set, as rows 2 KiB apart would.
   */
  static final int STRIDE = CHUNK + PanelMac.LANES;
  private static final int STRIP = PanelMac.STRIP;

  private final ConvGeometry g;
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
  private final int tileChannels;
  /** Channels whose rounding the int lanes compute exactly: see {@link VectorLoops#requantize}. */
  private final boolean[] intRounding;

  PanelConvKernel(ConvGeometry g, QuantizedLayer layer, PanelWeights weights, int tileChannels, int in, int out,
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
    this.groupBounds = ConvKernel.balance(weights.macsPerPosition(), workers.threads());
    this.tileChannels = tileChannels;
    this.intRounding = new boolean[g.outChannels()];
    long products = (long) g.terms() << 14; // |int8 x int8| <= 2^14
    for (int o = 0; o < intRounding.length; o++) {
      intRounding[o] = shift[o] >= 1 && shift[o] <= 30
          && Math.abs((long) bias[o]) + products + (1L << (shift[o] - 1)) < Integer.MAX_VALUE;
    }
  }

  @Override
  public void run(Frame f) {
    byte[] input = f.get(in);
    // a pointwise conv reads its rows in place, up to a strip past the last channel's plane
    float[] x = scratch[0].input != null && scratch[0].input.length >= input.length + STRIP ? scratch[0].input
        : new float[input.length + STRIP];
    scratch[0].input = x;
    VectorLoops.widen(input, x);
    int positions = g.pixels();
    byte[] y = new byte[g.outChannels() * positions];
    int threads = workers.threads();
    int groups = weights.groups();
    boolean many = positions >= ConvKernel.PIXEL_SPLIT_MIN * threads;
    if (threads > 1 && (many || !g.pointwise() && positions >= PanelMac.LANES * threads)) {
      // cut at whole strips, so that only the last part has a short one; a conv with few positions that
      // copies im2col rows, at whole vectors: split by groups, every thread would copy all the rows
      int unit = many ? STRIP : PanelMac.LANES;
      int units = (positions + unit - 1) / unit;
      workers.forEach(threads, p -> positions(x, y, Math.min(positions, units * p / threads * unit),
          Math.min(positions, units * (p + 1) / threads * unit), 0, groups, scratch[p]));
    } else {
      workers.forEach(groupBounds.length - 1,
          p -> positions(x, y, 0, positions, groupBounds[p], groupBounds[p + 1], scratch[p]));
    }
    f.set(out, y);
  }

  private void positions(float[] x, byte[] y, int qLo, int qHi, int gLo, int gHi, Scratch s) {
    if (gLo >= gHi || qLo >= qHi) {
      return;
    }
    int oLo = gLo * PanelMac.ROWS;
    int oHi = gHi * PanelMac.ROWS;
    s.ensure(0, oHi, CHUNK);
    int[][] acc = s.acc;
    float[] rows = s.panel(tileChannels * g.taps() * STRIDE);
    float[] sums = s.sums(PanelMac.ROWS * PanelMac.STRIP);
    int positions = g.pixels();
    int cin = g.inChannels();
    for (int q0 = qLo; q0 < qHi; q0 += CHUNK) {
      int n = Math.min(CHUNK, qHi - q0);
      int padded = (n + PanelMac.LANES - 1) / PanelMac.LANES * PanelMac.LANES;
      for (int o = oLo; o < oHi; o++) {
        java.util.Arrays.fill(acc[o], 0, padded, bias[o]);
      }
      for (int tile = 0; tile * tileChannels < cin; tile++) {
        int c0 = tile * tileChannels;
        // a pointwise conv's im2col rows are its input planes: read in place, not copied
        boolean inPlace = g.pointwise();
        if (!inPlace) {
          Im2col.fill(g, x, c0, Math.min(cin, c0 + tileChannels), q0, n, rows, STRIDE, tileChannels);
        }
        float[] src = inPlace ? x : rows;
        int stride = inPlace ? positions : STRIDE;
        int base = inPlace ? c0 * positions + q0 : 0;
        // a group's weights for the tile (at most 255 rows x 8 floats) stay in L1 across the strips
        for (int grp = gLo; grp < gHi; grp++) {
          for (int q = 0; q < padded; q += STRIP) {
            weights.strip(grp, tile, Math.min(STRIP, padded - q), src, stride, base + q, sums, acc, q);
          }
        }
      }
      for (int o = oLo; o < oHi; o++) {
        int[] a = acc[o];
        int sh = shift[o];
        int at = o * positions + q0;
        if (intRounding[o]) {
          VectorLoops.requantize(a, n, sh, y, at, lo, hi);
        } else {
          ConvKernel.requantize(a, n, sh, y, at, lo, hi);
        }
      }
    }
  }
}
