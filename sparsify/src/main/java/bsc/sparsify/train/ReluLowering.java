package bsc.sparsify.train;

import bsc.ir.Node;

/** Relu, in whatever layout its input has. */
final class ReluLowering implements OpLowering {
  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    SdValue x = ctx.in(0);
    return new SdValue(ctx.sd().nn().relu(x.var(), 0), x.channelsLast());
  }
}
