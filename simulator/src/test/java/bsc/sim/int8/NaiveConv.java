package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QuantizedLayer;

/**
 * The INT8 conv written straight from the contract, loop by loop, with long accumulators: the oracle the
 * executor's im2col, blocking, sparse walk and threading are checked against.
 */
final class NaiveConv {
  private NaiveConv() {}

  /** One sample, NCHW; pads top/left/bottom/right. */
  static byte[] run(byte[] x, int c, int h, int w, QuantizedLayer l, int kh, int kw, int sh, int sw, int dh,
      int dw, int[] pads, int groups, int oh, int ow) {
    int m = l.outChannels();
    int cpg = c / groups;
    int mpg = m / groups;
    byte[] wq = l.weights();
    byte[] y = new byte[m * oh * ow];
    for (int o = 0; o < m; o++) {
      int g = o / mpg;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          long acc = l.bias(o);
          for (int ci = 0; ci < cpg; ci++) {
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * sh - pads[0] + ky * dh;
                int ix = ox * sw - pads[1] + kx * dw;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                int xv = x[((g * cpg + ci) * h + iy) * w + ix];
                acc += (long) xv * wq[((o * cpg + ci) * kh + ky) * kw + kx];
              }
            }
          }
          int v = FixedPoint.requantize(acc, l.shift(o));
          y[(o * oh + oy) * ow + ox] = (byte) FixedPoint.clamp(v, l.clampMin(), l.clampMax());
        }
      }
    }
    return y;
  }
}
