package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D float conv with constant weights on a {@link DnnlConv} primitive that the executor makes on the
 * node's first run and keeps: groups, dilations and asymmetric pads are native to it, and bsc's fused
 * activation runs as its post-op, after the residual sum when {@link ResidualFusion} gave the conv a
 * fourth input. Input and output stay channels-last ({@link ChannelsLast}).
 */
final class PrimitiveConv {
  private PrimitiveConv() {}

  /** Whether {@code node}'s conv can run here: 2-D, float, weight (and bias) constants of the graph. */
  static boolean accepts(KernelContext ctx, INDArray x, INDArray w) {
    return x.rank() == 4 && x.dataType() == DataType.FLOAT && w.dataType() == DataType.FLOAT
        && ctx.isConstant(1) && (!ctx.has(2) || ctx.isConstant(2) && ctx.in(2).dataType() == DataType.FLOAT);
  }

  static INDArray run(Node node, KernelContext ctx, INDArray x, INDArray w) {
    Window win = Window.of(node, new long[] {x.size(2), x.size(3)}, new long[] {w.size(2), w.size(3)});
    DnnlConv.Geometry g = new DnnlConv.Geometry(x.shape(), w.shape(), win.strides(),
        new long[] {win.padBegin(0), win.padBegin(1)}, new long[] {win.padEnd(0), win.padEnd(1)}, win.dilations(),
        (int) node.attrs().getInt("group", 1));
    if (g.input()[1] != g.weight()[1] * g.group() || g.weight()[0] % g.group() != 0) {
      throw ctx.fail("input has " + g.input()[1] + " channels, weight expects " + g.weight()[1] + " x " + g.group()
          + " groups");
    }
    boolean residual = ctx.has(3);
    DnnlConv conv = ctx.primitive(java.util.Arrays.toString(x.shape()),
        () -> new DnnlConv(g, w, ctx.has(2) ? ctx.in(2) : null, PostOp.of(node), residual));
    INDArray xin = ChannelsLast.nhwc(x);
    INDArray y = residual ? addend(ctx, g) : ctx.allocate(DataType.FLOAT, g.input()[0], g.outH(), g.outW(), g.weight()[0]);
    conv.run(xin, y);
    if (!ChannelsLast.isBacked(x)) {
      NdArrays.free(xin);
    }
    return ChannelsLast.view(y);
  }

  /**
   * The NHWC destination holding the residual (input 3) that the sum post-op adds to: its own buffer when
   * it dies here and nothing else shares it, else a copy.
   */
  private static INDArray addend(KernelContext ctx, DnnlConv.Geometry g) {
    INDArray r = ctx.in(3);
    if (!java.util.Arrays.equals(r.shape(), g.output())) {
      throw ctx.fail("residual of shape " + java.util.Arrays.toString(r.shape()) + " does not match the conv output "
          + java.util.Arrays.toString(g.output()));
    }
    if (ctx.canOverwrite(3) && ChannelsLast.isBacked(r)) {
      return ChannelsLast.nhwc(r);
    }
    INDArray y = ctx.allocate(DataType.FLOAT, g.input()[0], g.outH(), g.outW(), g.weight()[0]);
    ChannelsLast.view(y).assign(r);
    return y;
  }

  /** bsc's fused activation as a oneDNN eltwise post-op: algorithm and its alpha, beta. */
  record PostOp(int algorithm, float alpha, float beta) {
    static PostOp of(Node node) {
      String act = node.attrs().getString("activation", null);
      if (act == null) {
        return null;
      }
      return switch (act) {
        case "relu" -> new PostOp(org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu, 0f, 0f);
        case "leaky_relu" -> new PostOp(org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu,
            node.attrs().getFloat("activation_alpha", 0.01f), 0f);
        case "clip" -> new PostOp(org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_clip,
            node.attrs().getFloat("activation_min", 0), node.attrs().getFloat("activation_max", 6));
        default -> throw new bsc.ir.BscException("node " + node.name(), "unknown fused activation '" + act + "'");
      };
    }
  }
}
