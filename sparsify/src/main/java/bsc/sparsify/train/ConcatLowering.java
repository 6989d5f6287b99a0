package bsc.sparsify.train;

import bsc.ir.Node;
import org.nd4j.autodiff.samediff.SDVariable;

/** Concat; 4-D inputs join channels-last, with the NCHW axis mapped to its NHWC position. */
final class ConcatLowering implements OpLowering {
  private static final int[] NHWC_AXIS = {0, 3, 1, 2};

  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    int rank = ctx.graph().type(n.output()).rank();
    int axis = (int) n.attrs().getInt("axis", 1);
    if (axis < 0) {
      axis += rank;
    }
    boolean image = rank == 4;
    SDVariable[] parts = new SDVariable[n.inputs().size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = image ? ctx.nhwc(ctx.in(i)) : ctx.nchw(ctx.in(i));
    }
    SDVariable y = ctx.sd().concat(image ? NHWC_AXIS[axis] : axis, parts);
    return new SdValue(y, image);
  }
}
