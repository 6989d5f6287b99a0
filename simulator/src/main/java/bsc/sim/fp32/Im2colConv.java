package bsc.sim.fp32;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;

/**
 * A 2-D convolution as im2col plus one GEMM on channels-last activations, for strided 1x1 convs (the
 * im2col is then a subsampling) and for layers whose weight dwarfs their output (Cout at least 4*N*OH*OW:
 * ResNet-50's 7x7 stage, Inception-v3's 8x8 one). oneDNN's conv, reached through libnd4j, re-lays out the
 * weight into its blocked format on every call (0.25 ms for a 256x256x3x3 weight, 0.7 ms for 512x512x3x3,
 * DNNL_VERBOSE, more when other layers have evicted it); libnd4j's matmul takes the weight as laid out
 * here once ([KH*KW*Cin, Cout]). Side by side on ResNet-50 this path for those layers took 7-8 ms off
 * an inference (docs/BENCHMARKS.md, FP32 executor).
 */
final class Im2colConv {
  private Im2colConv() {}

  /** Whether a KxK conv of this geometry should take this path. */
  static boolean pays(long batch, long outH, long outW, long cout) {
    return cout >= 4 * batch * outH * outW;
  }

  static INDArray run(KernelContext ctx, INDArray x, INDArray w, INDArray b, long[] k, long[] s, long[] p) {
    INDArray nhwc = ChannelsLast.nhwc(x);
    // The patch copy reads the buffer from its start: a view at an offset is copied out first.
    INDArray in = nhwc.offset() != 0 || nhwc.data().length() != nhwc.length() ? nhwc.dup('c') : nhwc;
    long n = in.size(0);
    long cin = in.size(3);
    long oh = (in.size(1) + 2 * p[0] - k[0]) / s[0] + 1;
    long ow = (in.size(2) + 2 * p[1] - k[1]) / s[1] + 1;
    INDArray cols = ctx.allocate(DataType.FLOAT, n * oh * ow, k[0] * k[1] * cin);
    patches(floats(in), in.shape(), k, s, p, oh, ow, floats(cols));
    INDArray wt = ctx.prepared(1, "khkwcin-cout",
        v -> v.permute(2, 3, 1, 0).dup('c').reshape('c', new long[] {k[0] * k[1] * v.size(1), v.size(0)}));
    INDArray y = ctx.allocate(DataType.FLOAT, n * oh * ow, w.size(0));
    org.nd4j.linalg.factory.Nd4j.exec(new Mmul(cols, wt, y, null));
    ctx.release(cols);
    if (in != nhwc) {
      NdArrays.free(in);
    }
    if (!ctx.isPrepared(1, "khkwcin-cout")) {
      NdArrays.free(wt);
    }
    if (b != null) {
      org.nd4j.linalg.factory.Nd4j.exec(new BiasAdd(y, b, y, false));
    }
    return ChannelsLast.view(y.reshape('c', new long[] {n, oh, ow, w.size(0)}));
  }

  private static FloatBuffer floats(INDArray a) {
    return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  /**
   * The patch matrix [N*OH*OW, KH*KW*Cin] of NHWC input {@code x}: row (n, oy, ox) holds the KH x KW
   * window's channel vectors in (ky, kx) order, zeros where the window leaves the input. Each window
   * row is one bulk copy between native buffers (the taps of a row are adjacent in NHWC).
   */
  private static void patches(FloatBuffer x, long[] shape, long[] k, long[] s, long[] p, long oh, long ow,
      FloatBuffer cols) {
    int h = (int) shape[1];
    int w = (int) shape[2];
    int c = (int) shape[3];
    int kh = (int) k[0];
    int kw = (int) k[1];
    FloatBuffer zeros = FloatBuffer.allocate(kw * c);
    int at = 0;
    for (int b = 0; b < shape[0]; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int ix0 = (int) (ox * s[1] - p[1]);
          int kx0 = Math.max(0, -ix0);
          int kx1 = Math.min(kw, w - ix0);
          for (int ky = 0; ky < kh; ky++) {
            int iy = (int) (oy * s[0] - p[0] + ky);
            if (iy < 0 || iy >= h || kx1 <= kx0) {
              cols.put(at, zeros, 0, kw * c);
            } else {
              cols.put(at, zeros, 0, kx0 * c);
              cols.put(at + kx0 * c, x, ((b * h + iy) * w + ix0 + kx0) * c, (kx1 - kx0) * c);
              cols.put(at + kx1 * c, zeros, 0, (kw - kx1) * c);
            }
            at += kw * c;
          }
        }
      }
    }
  }
}
