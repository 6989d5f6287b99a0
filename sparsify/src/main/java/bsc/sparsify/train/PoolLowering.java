package bsc.sparsify.train;

import bsc.ir.Node;
import bsc.ir.Shape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** 2-D MaxPool and AveragePool (padding not counted), channels-last, on libnd4j's pooling ops. */
final class PoolLowering implements OpLowering {
  private final boolean max;

  PoolLowering(boolean max) {
    this.max = max;
  }

  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    ctx.requireImage(0);
    long[] k = n.attrs().getInts("kernel_shape", null);
    if (k == null || k.length != 2) {
      throw ctx.fail("only 2-D pooling is supported for training");
    }
    if (n.attrs().getInt("ceil_mode", 0) != 0) {
      throw ctx.fail("ceil_mode is not supported for training");
    }
    Shape x = ctx.graph().type(n.input(0)).shape();
    Window2d win = Window2d.of(n, k, x.dim(2), x.dim(3), ctx);
    if (win.dilations()[0] != 1 || win.dilations()[1] != 1) {
      throw ctx.fail("dilated pooling is not supported for training");
    }
    boolean padded = win.pads()[0] > 0 || win.pads()[1] > 0;
    if (!max && padded && n.attrs().getInt("count_include_pad", 0) != 0) {
      throw ctx.fail("count_include_pad is not supported for training");
    }
    Pooling2DConfig c = Pooling2DConfig.builder().kH(k[0]).kW(k[1])
        .sH(win.strides()[0]).sW(win.strides()[1]).pH(win.pads()[0]).pW(win.pads()[1]).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).isNHWC(true)
        .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
        .divisor(Pooling2D.Divisor.EXCLUDE_PADDING).build();
    SDVariable in = ctx.nhwc(ctx.in(0));
    return SdValue.nhwc(max ? ctx.sd().cnn().maxPooling2d(in, c) : ctx.sd().cnn().avgPooling2d(in, c));
  }
}
