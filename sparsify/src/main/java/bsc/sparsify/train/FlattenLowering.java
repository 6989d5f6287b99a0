package bsc.sparsify.train;

import bsc.ir.Node;
import bsc.ir.Shape;

/** Flatten with axis 1 (N x everything else), in the IR's NCHW element order. */
final class FlattenLowering implements OpLowering {
  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    int rank = ctx.rank(0);
    long axis = n.attrs().getInt("axis", 1);
    if (axis < 0) {
      axis += rank;
    }
    if (axis != 1) {
      throw ctx.fail("only Flatten with axis 1 is supported for training");
    }
    Shape y = ctx.graph().type(n.output()).shape();
    return SdValue.nchw(ctx.nchw(ctx.in(0)).reshape(-1, y.dim(1)));
  }
}
