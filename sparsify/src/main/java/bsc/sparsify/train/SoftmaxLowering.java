package bsc.sparsify.train;

import bsc.ir.Node;

/** Softmax over one axis (ONNX opset 13 semantics, default the last), computed in NCHW order. */
final class SoftmaxLowering implements OpLowering {
  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    int rank = ctx.rank(0);
    int axis = (int) n.attrs().getInt("axis", -1);
    if (axis < 0) {
      axis += rank;
    }
    return SdValue.nchw(ctx.sd().nn().softmax(ctx.nchw(ctx.in(0)), axis));
  }
}
