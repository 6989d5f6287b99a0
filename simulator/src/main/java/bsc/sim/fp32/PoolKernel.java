package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ops.impl.layers.convolution.AvgPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * MaxPool and AveragePool over 1 to 3 spatial axes with any pads, strides, dilations, ceil_mode and
 * count_include_pad, plus MaxPool's optional argmax output. The common 2-D case runs on libnd4j's
 * pool2d; everything else (asymmetric pads, ceil mode, 1-D/3-D, argmax, which libnd4j lacks) is a
 * direct loop: for each output position the valid input taps are listed once and reused for every
 * (batch, channel) plane.
 */
final class PoolKernel implements OpKernel {
  private final boolean max;

  PoolKernel(boolean max) {
    this.max = max;
  }

  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    int n = x.rank() - 2;
    long[] spatial = new long[n];
    for (int i = 0; i < n; i++) {
      spatial[i] = x.size(2 + i);
    }
    Window win = Window.of(node, spatial, node.attrs().getInts("kernel_shape", null));
    boolean ceil = node.attrs().getInt("ceil_mode", 0) != 0;
    long[] outShape = x.shape().clone();
    for (int i = 0; i < n; i++) {
      outShape[2 + i] = win.output(i, spatial[i], ceil);
    }
    boolean countPad = node.attrs().getInt("count_include_pad", 0) != 0;
    if (n == 2 && x.dataType().isFPType() && win.symmetric() && !ctx.wantsOutput(1)
        && win.dilations()[0] == 1 && win.dilations()[1] == 1
        && outShape[2] == win.output(0, spatial[0], false) && outShape[3] == win.output(1, spatial[1], false)) {
      boolean padsCounted = countPad && !max && (win.padBegin(0) > 0 || win.padBegin(1) > 0);
      ctx.out(padsCounted ? padsCountedAverage(ctx, x, win, spatial, outShape) : pool2d(ctx, x, win, outShape));
      return;
    }
    Taps taps = Taps.of(win, spatial, outShape, countPad);
    int planes = (int) (x.size(0) * x.size(1));
    int inPlane = (int) product(spatial, 0);
    int outPlane = taps.offsets.length;
    double[] in = NdArrays.doubles(x);
    double[] out = new double[planes * outPlane];
    long[] argmax = max && ctx.wantsOutput(1) ? new long[out.length] : null;
    for (int p = 0; p < planes; p++) {
      int base = p * inPlane;
      for (int o = 0; o < outPlane; o++) {
        int[] t = taps.offsets[o];
        double r;
        if (max) {
          r = Double.NEGATIVE_INFINITY;
          int best = t.length > 0 ? t[0] : 0;
          for (int off : t) {
            double v = in[base + off];
            if (v > r) {
              r = v;
              best = off;
            }
          }
          if (argmax != null) {
            argmax[p * outPlane + o] = (long) p * inPlane + storageIndex(best, spatial, node);
          }
        } else {
          double s = 0;
          for (int off : t) {
            s += in[base + off];
          }
          r = taps.divisors[o] == 0 ? 0 : s / taps.divisors[o];
        }
        out[p * outPlane + o] = r;
      }
    }
    ctx.out(0, Nd4j.createFromArray(out).reshape('c', outShape).castTo(x.dataType()));
    if (argmax != null) {
      ctx.out(1, NdArrays.ofLongs(argmax, outShape));
    }
  }

  /**
   * The common case on libnd4j's pool2d: 2-D, symmetric pads, floor-sized output, no argmax, and an
   * average that excludes padding (libnd4j M2.1 ignores the divisor setting and always excludes it,
   * as the ONNX count_include_pad tests showed).
   */
  private INDArray pool2d(KernelContext ctx, INDArray x, Window win, long[] outShape) {
    Pooling2DConfig c = Pooling2DConfig.builder().kH(win.kernel()[0]).kW(win.kernel()[1])
        .sH(win.strides()[0]).sW(win.strides()[1]).pH(win.padBegin(0)).pW(win.padBegin(1)).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).isNHWC(true)
        .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
        .divisor(Pooling2D.Divisor.EXCLUDE_PADDING).build();
    INDArray out = ctx.allocate(x.dataType(), outShape[0], outShape[2], outShape[3], outShape[1]);
    INDArray in = ChannelsLast.nhwc(x);
    Nd4j.exec(max ? new MaxPooling2D(in, out, c) : new AvgPooling2D(in, out, c));
    return ChannelsLast.view(out);
  }

  /**
   * An average that counts the padding: the average over the valid taps (libnd4j's) times, per output
   * position, valid taps / padded taps. The factor map [1, OH, OW, 1] is made once per node.
   */
  private INDArray padsCountedAverage(KernelContext ctx, INDArray x, Window win, long[] spatial,
      long[] outShape) {
    INDArray y = pool2d(ctx, x, win, outShape);
    INDArray factor = ctx.nodeConstant("count_include_pad", () -> {
      int[] valid = Taps.of(win, spatial, outShape, false).divisors();
      int[] padded = Taps.of(win, spatial, outShape, true).divisors();
      float[] f = new float[valid.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) valid[i] / padded[i];
      }
      return NdArrays.denseFloats(f, 1, outShape[2], outShape[3], 1);
    });
    INDArray dense = ChannelsLast.nhwc(y);
    Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp(dense, factor.castTo(dense.dataType()), dense));
    return y;
  }

  /** Row-major in-plane offset, or column-major when storage_order = 1 (MaxPool's Indices). */
  private static long storageIndex(int offset, long[] spatial, Node node) {
    if (node.attrs().getInt("storage_order", 0) == 0) {
      return offset;
    }
    long idx = 0;
    long stride = 1;
    long rem = offset;
    long[] coords = new long[spatial.length];
    for (int i = spatial.length - 1; i >= 0; i--) {
      coords[i] = rem % spatial[i];
      rem /= spatial[i];
    }
    for (int i = 0; i < spatial.length; i++) {
      idx += coords[i] * stride;
      stride *= spatial[i];
    }
    return idx;
  }

  static long product(long[] a, int from) {
    long p = 1;
    for (int i = from; i < a.length; i++) {
      p *= a[i];
    }
    return p;
  }

  /** For each output position: in-plane offsets of the taps inside the input, and the average's divisor. */
  private record Taps(int[][] offsets, int[] divisors) {
    static Taps of(Window win, long[] spatial, long[] outShape, boolean countPad) {
      int n = spatial.length;
      long[] outSp = java.util.Arrays.copyOfRange(outShape, 2, outShape.length);
      int outPlane = (int) product(outSp, 0);
      int kernelTaps = (int) product(win.kernel(), 0);
      int[][] offsets = new int[outPlane][];
      int[] divisors = new int[outPlane];
      int[] buf = new int[kernelTaps];
      long[] oc = new long[n];
      long[] kc = new long[n];
      for (int o = 0; o < outPlane; o++) {
        decode(o, outSp, oc);
        int count = 0;
        int inPad = 0;
        for (int k = 0; k < kernelTaps; k++) {
          decode(k, win.kernel(), kc);
          boolean inside = true;
          boolean inPadded = true;
          int off = 0;
          for (int i = 0; i < n; i++) {
            long c = oc[i] * win.strides()[i] - win.padBegin(i) + kc[i] * win.dilations()[i];
            inside &= c >= 0 && c < spatial[i];
            inPadded &= c >= -win.padBegin(i) && c < spatial[i] + win.padEnd(i);
            off = (int) (off * spatial[i] + c);
          }
          if (inside) {
            buf[count++] = off;
          }
          if (inPadded) {
            inPad++;
          }
        }
        offsets[o] = java.util.Arrays.copyOf(buf, count);
        divisors[o] = countPad ? inPad : count;
      }
      return new Taps(offsets, divisors);
    }

    private static void decode(long flat, long[] extents, long[] coords) {
      for (int i = extents.length - 1; i >= 0; i--) {
        coords[i] = flat % extents[i];
        flat /= extents[i];
      }
    }
  }
}
