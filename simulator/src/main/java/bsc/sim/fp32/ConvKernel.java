package bsc.sim.fp32;

import bsc.ir.Node;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv3D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.DepthwiseConv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.transforms.Pad;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Conv over 1, 2 or 3 spatial axes, with groups, dilations, explicit or automatic pads and bsc's fused
 * activation. A 2-D float conv with constant weights runs on a oneDNN primitive made once
 * ({@link PrimitiveConv}); 1x1 ones too (measured faster than the GEMM path on ResNet-50, which lacks the
 * fused bias and activation). The rest (weights computed in the graph, 1-D and 3-D convs) take the GEMM,
 * im2col or libnd4j's conv2d/conv3d: libnd4j pads
 * symmetrically, so asymmetric pads are applied to the input first; 1-D convs run as 2-D with a unit
 * height; grouped convs run one conv per group unless they are depthwise.
 */
final class ConvKernel implements OpKernel {
  /** The conv as libnd4j can take it: symmetric pads and no dilation (input/weight may be new arrays). */
  private record Normalized(INDArray x, INDArray w, Window win) {
    long[] pads2d() {
      return new long[] {win.padBegin(0), win.padBegin(1)};
    }
  }

  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    INDArray w = ctx.in(1);
    INDArray b = ctx.has(2) ? ctx.in(2) : null;
    if (x.rank() < 3 || x.rank() > 5) {
      throw ctx.fail("only 1-D, 2-D and 3-D convolutions are supported, input has rank " + x.rank());
    }
    boolean primitive = PrimitiveConv.accepts(ctx, x, w);
    if (primitive) {
      ctx.out(PrimitiveConv.run(node, ctx, x, w));
      return;
    }
    if (ctx.has(3)) {
      throw new IllegalStateException(ctx.where() + ": a residual was folded into a conv the oneDNN primitive cannot run");
    }
    Normalized c = normalize(node, x, w);
    INDArray y = convolve(ctx, c, (int) node.attrs().getInt("group", 1), b);
    FusedActivation.apply(node, ChannelsLast.isBacked(y) ? ChannelsLast.nhwc(y) : y);
    ctx.out(y);
    // Temporaries: native memory is released now rather than whenever the GC gets to it.
    if (c.x() != x) {
      NdArrays.free(c.x());
    }
    if (c.w() != w) {
      NdArrays.free(c.w());
    }
  }

  private static Normalized normalize(Node node, INDArray x, INDArray w) {
    int n = x.rank() - 2;
    long[] spatial = new long[n];
    long[] kernel = new long[n];
    for (int i = 0; i < n; i++) {
      spatial[i] = x.size(2 + i);
      kernel[i] = w.size(2 + i);
    }
    Window win = Window.of(node, spatial, kernel);
    if (!win.symmetric()) {
      x = padAsymmetric(x, win);
      win = new Window(win.kernel(), win.strides(), win.dilations(), new long[2 * n]);
    }
    if (dilated(win)) {
      // libnd4j's oneDNN conv2d/conv3d fail on dilations; spread the taps into a zero-filled kernel.
      w = dilateKernel(w, win.dilations());
      long[] ones = new long[n];
      java.util.Arrays.fill(ones, 1);
      win = new Window(java.util.Arrays.copyOfRange(w.shape(), 2, 2 + n), win.strides(), ones, win.pads());
    }
    return new Normalized(x, w, win);
  }

  /**
   * Picks the implementation: one GEMM for a 1x1 stride-1 2-D conv; im2col plus one GEMM for a strided
   * 1x1 conv and for a conv whose weight dwarfs its output ({@link Im2colConv#pays}); else libnd4j's conv
   * (oneDNN, as fast as im2col plus GEMM on ResNet-50's 56x56 to 14x14 3x3 convs once its output is
   * preallocated, measured side by side).
   */
  private static INDArray convolve(KernelContext ctx, Normalized c, int group, INDArray b) {
    INDArray x = c.x();
    INDArray w = c.w();
    Window win = c.win();
    long[] k = win.kernel();
    boolean plain2d = k.length == 2 && group == 1 && w == ctx.in(1)
        && x.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT;
    if (plain2d && k[0] == 1 && k[1] == 1 && win.padBegin(0) == 0 && win.padBegin(1) == 0
        && win.strides()[0] == 1 && win.strides()[1] == 1) {
      return PointwiseConv.run(ctx, x, w, b);
    }
    boolean strided1x1 = k[0] == 1 && k[1] == 1 && win.padBegin(0) == 0 && win.padBegin(1) == 0;
    if (plain2d && (strided1x1 || Im2colConv.pays(x.size(0), win.output(0, x.size(2), false),
        win.output(1, x.size(3), false), w.size(0)))) {
      return Im2colConv.run(ctx, x, w, b, k, win.strides(), c.pads2d());
    }
    if (k.length == 1) {
      INDArray y = conv2d(ctx, x.reshape('c', new long[] {x.size(0), x.size(1), 1, x.size(2)}),
          w.reshape('c', new long[] {w.size(0), w.size(1), 1, w.size(2)}), b, new long[] {1, k[0]},
          new long[] {1, win.strides()[0]}, new long[] {0, win.padBegin(0)}, new long[] {1, 1}, group, false);
      return y.reshape('c', new long[] {y.size(0), y.size(1), y.size(3)});
    }
    if (k.length == 2) {
      return conv2d(ctx, x, w, b, k, win.strides(), c.pads2d(), win.dilations(), group, true);
    }
    return grouped(x, w, b, group, (xg, wg, bg) -> conv3d(xg, wg, bg, win));
  }

  private interface GroupConv {
    INDArray run(INDArray x, INDArray w, INDArray b);
  }

  /**
   * 2-D conv. Dense and depthwise convs run channels-last ({@link ChannelsLast}) into an output
   * allocated here (the op's own output allocation costs about 0.2 ms per call); grouped ones run
   * one NCHW conv per group.
   */
  private static INDArray conv2d(KernelContext ctx, INDArray x, INDArray w, INDArray b, long[] k, long[] s, long[] p, long[] d,
      int group, boolean channelsLast) {
    long cin = x.size(1);
    boolean depthwise = group > 1 && group == cin && w.size(1) == 1;
    if (channelsLast && (group == 1 || depthwise)) {
      INDArray xin = ChannelsLast.nhwc(x);
      long oh = (xin.size(1) + 2 * p[0] - ((k[0] - 1) * d[0] + 1)) / s[0] + 1;
      long ow = (xin.size(2) + 2 * p[1] - ((k[1] - 1) * d[1] + 1)) / s[1] + 1;
      INDArray out = ctx.allocate(x.dataType(), x.size(0), oh, ow, w.size(0));
      INDArray wk = depthwise ? depthwiseWeights(w, cin, k) : w;
      INDArray[] in = b == null ? new INDArray[] {xin, wk} : new INDArray[] {xin, wk, b};
      INDArray[] res = {out};
      Conv2DConfig c = config(k, s, p, d, "NHWC", !depthwise);
      Nd4j.exec(depthwise ? new DepthwiseConv2D(in, res, c) : new Conv2D(in, res, c));
      if (depthwise) {
        NdArrays.free(wk);
      }
      return ChannelsLast.view(out);
    }
    Conv2DConfig c = config(k, s, p, d, "NCHW", true);
    if (group == 1) {
      return Nd4j.exec(new Conv2D(b == null ? new INDArray[] {x, w} : new INDArray[] {x, w, b}, null, c))[0];
    }
    return grouped(x, w, b, group, (xg, wg, bg) ->
        Nd4j.exec(new Conv2D(bg == null ? new INDArray[] {xg, wg} : new INDArray[] {xg, wg, bg}, null, c))[0]);
  }

  private static Conv2DConfig config(long[] k, long[] s, long[] p, long[] d, String format, boolean oiyx) {
    var c = Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1]).pH(p[0]).pW(p[1])
        .dH(d[0]).dW(d[1]).paddingMode(PaddingMode.VALID).dataFormat(format);
    return (oiyx ? c.weightsFormat(WeightsFormat.OIYX) : c).build();
  }

  /** Depthwise weights as libnd4j wants them, [kH, kW, C, multiplier]; ONNX output channel is c*mult+m. */
  private static INDArray depthwiseWeights(INDArray w, long cin, long[] k) {
    long mult = w.size(0) / cin;
    return w.reshape('c', new long[] {cin, mult, k[0], k[1]}).permute(2, 3, 0, 1).dup('c');
  }

  private static INDArray conv3d(INDArray x, INDArray w, INDArray b, Window win) {
    long[] k = win.kernel();
    long[] s = win.strides();
    long[] d = win.dilations();
    Conv3DConfig c = Conv3DConfig.builder().kD(k[0]).kH(k[1]).kW(k[2]).sD(s[0]).sH(s[1]).sW(s[2])
        .pD(win.padBegin(0)).pH(win.padBegin(1)).pW(win.padBegin(2)).dD(d[0]).dH(d[1]).dW(d[2])
        .biasUsed(b != null).paddingMode(PaddingMode.VALID).dataFormat("NCDHW").build();
    // libnd4j conv3d weights are [kD, kH, kW, Cin, Cout].
    INDArray wk = w.permute(2, 3, 4, 1, 0).dup('c');
    return Nd4j.exec(new Conv3D(b == null ? new INDArray[] {x, wk} : new INDArray[] {x, wk, b}, null, c))[0];
  }

  private static INDArray grouped(INDArray x, INDArray w, INDArray b, int group, GroupConv conv) {
    if (group == 1) {
      return conv.run(x, w, b);
    }
    long cin = x.size(1) / group;
    long cout = w.size(0) / group;
    List<INDArray> parts = new ArrayList<>();
    for (int g = 0; g < group; g++) {
      INDArray xg = channels(x, g * cin, cin);
      INDArray wg = channels(w.swapAxes(0, 1), g * cout, cout).swapAxes(0, 1).dup('c');
      INDArray bg = b == null ? null : b.get(NDArrayIndex.interval(g * cout, (g + 1) * cout)).dup();
      parts.add(conv.run(xg, wg, bg));
    }
    return Nd4j.concat(1, parts.toArray(new INDArray[0]));
  }

  /** Channels [from, from+count) of an N C ... array, as a new contiguous array. */
  private static INDArray channels(INDArray a, long from, long count) {
    INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = NDArrayIndex.all();
    }
    idx[1] = NDArrayIndex.interval(from, from + count);
    return a.get(idx).dup('c');
  }

  private static boolean dilated(Window win) {
    for (long d : win.dilations()) {
      if (d != 1) {
        return true;
      }
    }
    return false;
  }

  /** The kernel with (d - 1) zeros between taps on each spatial axis: same result, dilation 1. */
  private static INDArray dilateKernel(INDArray w, long[] dil) {
    long[] shape = w.shape().clone();
    INDArrayIndex[] idx = new INDArrayIndex[w.rank()];
    idx[0] = NDArrayIndex.all();
    idx[1] = NDArrayIndex.all();
    for (int i = 0; i < dil.length; i++) {
      shape[2 + i] = (w.size(2 + i) - 1) * dil[i] + 1;
      idx[2 + i] = NDArrayIndex.interval(0, dil[i], shape[2 + i]);
    }
    INDArray out = Nd4j.create(w.dataType(), shape);
    out.get(idx).assign(w);
    return out;
  }

  private static INDArray padAsymmetric(INDArray x, Window win) {
    int[][] p = new int[x.rank()][2];
    for (int i = 0; i < win.rank(); i++) {
      p[2 + i][0] = (int) win.padBegin(i);
      p[2 + i][1] = (int) win.padEnd(i);
    }
    return Nd4j.pad(x, p, Pad.Mode.CONSTANT, 0);
  }
}
