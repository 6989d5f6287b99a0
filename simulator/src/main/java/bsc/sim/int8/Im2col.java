package bsc.sim.int8;

/**
 * Lays out a chunk of a conv's input (widened to float once per conv, so stride-1 taps are plain array
 * copies) as im2col rows of float (int8 values, exact): a row per channel c and tap t holds, for output
 * positions q0 .. q0+n-1 (row-major over OH x OW), the input value tap t of channel c reads, or 0 where
 * the tap falls into the padding. Every MAC loop then reads all its operands at the same index.
 */
final class Im2col {
  private Im2col() {}

  /**
   * Fills the rows of channels [cLo, cHi) for positions [q0, q0 + n) of one sample's input x, tap-major:
   * channel c, tap t is row {@code t * tapStride + (c - cLo)}, so a block's channels at one tap are
   * consecutive rows.
   */
  static void fill(ConvGeometry g, float[] x, int cLo, int cHi, int q0, int n, float[][] cols, int tapStride) {
    for (int c = cLo; c < cHi; c++) {
      for (int t = 0; t < g.taps(); t++) {
        int row = t * tapStride + c - cLo;
        channelTap(g, x, c, t, q0, n, cols[row]);
      }
    }
  }

  private static void channelTap(ConvGeometry g, float[] x, int c, int t, int q0, int n, float[] row) {
    int plane = c * g.inPixels();
    if (g.pointwise()) {
      System.arraycopy(x, plane + q0, row, 0, n);
      return;
    }
    int ky = t / g.kernelW();
    int kx = t - ky * g.kernelW();
    tap(g, x, plane, ky * g.dilationH() - g.padTop(), kx * g.dilationW() - g.padLeft(), q0, n, row);
  }

  /** One tap of one channel: input (oy * sh + dy, ox * sw + dx) for each output (oy, ox). */
  private static void tap(ConvGeometry g, float[] x, int plane, int dy, int dx, int q0, int n, float[] row) {
    int ow = g.outWidth();
    int sw = g.strideW();
    int w = g.inWidth();
    // output columns whose input column ox * sw + dx lies inside [0, w)
    int oxLo = Math.max(0, Math.floorDiv(-dx + sw - 1, sw));
    int oxHi = Math.min(ow, Math.floorDiv(w - 1 - dx, sw) + 1);
    int i = 0;
    // the output position walks row by row: no division per segment (a 7- or 14-wide row's copy costs less)
    int oy = q0 / ow;
    int ox = q0 - oy * ow;
    while (i < n) {
      int seg = Math.min(n - i, ow - ox);
      int iy = oy * g.strideH() + dy;
      if (iy < 0 || iy >= g.inHeight()) {
        java.util.Arrays.fill(row, i, i + seg, 0);
      } else {
        int base = plane + iy * w + dx;
        int end = ox + seg;
        int a = Math.min(Math.max(ox, oxLo), end);
        int b = Math.max(Math.min(end, oxHi), a);
        java.util.Arrays.fill(row, i, i + a - ox, 0);
        if (sw == 1) {
          System.arraycopy(x, base + a, row, i + a - ox, b - a);
        } else {
          for (int o = a; o < b; o++) {
            row[i + o - ox] = x[base + o * sw];
          }
        }
        java.util.Arrays.fill(row, i + b - ox, i + seg, 0);
      }
      i += seg;
      ox += seg;
      if (ox == ow) {
        ox = 0;
        oy++;
      }
    }
  }

  /** The im2col column of a conv with a single output position: v[c * taps + t]. */
  static void vector(ConvGeometry g, float[] x, int[] v) {
    int taps = g.taps();
    for (int c = 0; c < g.inChannels(); c++) {
      for (int ky = 0; ky < g.kernelH(); ky++) {
        int iy = ky * g.dilationH() - g.padTop();
        for (int kx = 0; kx < g.kernelW(); kx++) {
          int ix = kx * g.dilationW() - g.padLeft();
          boolean inside = iy >= 0 && iy < g.inHeight() && ix >= 0 && ix < g.inWidth();
          v[c * taps + ky * g.kernelW() + kx] = inside ? (int) x[c * g.inPixels() + iy * g.inWidth() + ix] : 0;
        }
      }
    }
  }

  /** The input widened to float, into {@code into} (grown when too small); returns the array used. */
  static float[] widen(byte[] x, float[] into) {
    float[] w = into != null && into.length >= x.length ? into : new float[x.length];
    for (int i = 0; i < x.length; i++) {
      w[i] = x[i];
    }
    return w;
  }
}
