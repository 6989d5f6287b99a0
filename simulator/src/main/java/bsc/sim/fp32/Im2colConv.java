package bsc.sim.fp32;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A KxK convolution as im2col plus one GEMM on channels-last activations, for the deep layers whose
 * weights outweigh their activations (Cout at least N*OH*OW, e.g. ResNet's 7x7 and 14x14 stages).
 * libnd4j's conv2d re-lays out the weight for oneDNN on every call, which there costs more than the
 * convolution; here the weight is laid out once ([kh*kw*Cin, Cout]) and the patch matrix is small.
 */
final class Im2colConv {
  private Im2colConv() {}

  /** Whether a conv of this geometry should take this path. */
  static boolean pays(long batch, long outH, long outW, long cout) {
    return cout >= batch * outH * outW;
  }

  /**
   * The patch matrix [N*OH*OW, KH*KW*Cin] of NHWC input {@code x}: row (n, oy, ox) holds the KH x KW
   * window's channel vectors in (ky, kx) order, zeros where the window leaves the input. In Java because
   * ND4J's strided sub-array assigns are two orders of magnitude slower than these row copies.
   */
  private static float[] patches(float[] x, long[] shape, long[] k, long[] s, long[] p, long oh, long ow) {
    int n = (int) shape[0];
    int h = (int) shape[1];
    int w = (int) shape[2];
    int c = (int) shape[3];
    int kh = (int) k[0];
    int kw = (int) k[1];
    float[] cols = new float[(int) (n * oh * ow * kh * kw * c)];
    int at = 0;
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ky = 0; ky < kh; ky++) {
            int iy = (int) (oy * s[0] - p[0] + ky);
            for (int kx = 0; kx < kw; kx++) {
              int ix = (int) (ox * s[1] - p[1] + kx);
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                System.arraycopy(x, ((b * h + iy) * w + ix) * c, cols, at, c);
              }
              at += c;
            }
          }
        }
      }
    }
    return cols;
  }

  static INDArray run(KernelContext ctx, INDArray x, INDArray w, INDArray b, long[] k, long[] s, long[] p) {
    INDArray in = ChannelsLast.nhwc(x);
    long n = in.size(0);
    long cin = in.size(3);
    long oh = (in.size(1) + 2 * p[0] - k[0]) / s[0] + 1;
    long ow = (in.size(2) + 2 * p[1] - k[1]) / s[1] + 1;
    INDArray cols = NdArrays.denseFloats(patches(NdArrays.floats(in), in.shape(), k, s, p, oh, ow),
        n * oh * ow, k[0] * k[1] * cin);
    INDArray wt = ctx.prepared(1, "khkwcin-cout",
        v -> v.permute(2, 3, 1, 0).dup('c').reshape('c', new long[] {k[0] * k[1] * v.size(1), v.size(0)}));
    INDArray y = Nd4j.gemm(cols, wt, false, false);
    NdArrays.free(cols);
    if (!ctx.isPrepared(1, "khkwcin-cout")) {
      NdArrays.free(wt);
    }
    if (b != null) {
      y.addiRowVector(b);
    }
    return ChannelsLast.view(y.reshape('c', new long[] {n, oh, ow, w.size(0)}));
  }
}
