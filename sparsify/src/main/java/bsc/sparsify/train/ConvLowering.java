package bsc.sparsify.train;

import bsc.ir.Node;
import bsc.ir.Shape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * 2-D Conv (group 1) on libnd4j's conv2d, channels-last. The weight variable keeps the IR's OIHW layout,
 * is multiplied by its block mask when the layer is pruned, and is permuted to libnd4j's default
 * [kH, kW, Cin, Cout] in the graph: conv2d_bp of 1.0.0-M2.1 ignores the OIYX weights format when it
 * infers its output shapes.
 */
final class ConvLowering implements OpLowering {
  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    ctx.requireImage(0);
    if (n.attrs().getInt("group", 1) != 1) {
      throw ctx.fail("grouped convolutions are not supported for training");
    }
    if (n.attrs().has("activation")) {
      throw ctx.fail("fused activation: train the model before canonicalization (bsc train reads the raw model)");
    }
    Shape w = ctx.initializer(1).shape();
    Shape x = ctx.graph().type(n.input(0)).shape();
    Window2d win = Window2d.of(n, new long[] {w.dim(2), w.dim(3)}, x.dim(2), x.dim(3), ctx);
    Conv2DConfig c = Conv2DConfig.builder().kH(w.dim(2)).kW(w.dim(3))
        .sH(win.strides()[0]).sW(win.strides()[1]).pH(win.pads()[0]).pW(win.pads()[1])
        .dH(win.dilations()[0]).dW(win.dilations()[1]).paddingMode(PaddingMode.VALID)
        .dataFormat(Conv2DConfig.NHWC).weightsFormat(WeightsFormat.YXIO).build();
    SDVariable in = ctx.nhwc(ctx.in(0));
    SDVariable weight = ctx.maskedWeight(1).permute(2, 3, 1, 0);
    SDVariable y = n.hasInput(2)
        ? ctx.sd().cnn().conv2d(in, weight, ctx.variable(2), c)
        : ctx.sd().cnn().conv2d(in, weight, c);
    return SdValue.nhwc(y);
  }
}
