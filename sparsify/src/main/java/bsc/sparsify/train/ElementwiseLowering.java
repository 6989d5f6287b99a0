package bsc.sparsify.train;

import bsc.ir.Node;
import bsc.ir.Shape;
import java.util.function.BinaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Add, Sub and Mul with ONNX broadcasting. A 4-D result is computed channels-last: a lower-rank operand
 * (a per-channel constant of shape [C, 1, 1], say) is padded to rank 4 and permuted the same way.
 */
final class ElementwiseLowering implements OpLowering {
  private final BinaryOperator<SDVariable> op;

  ElementwiseLowering(BinaryOperator<SDVariable> op) {
    this.op = op;
  }

  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    int rank = ctx.graph().type(n.output()).rank();
    if (rank != 4) {
      return SdValue.nchw(op.apply(ctx.nchw(ctx.in(0)), ctx.nchw(ctx.in(1))));
    }
    return SdValue.nhwc(op.apply(operand(ctx, n, 0), operand(ctx, n, 1)));
  }

  private static SDVariable operand(LoweringContext ctx, Node n, int i) {
    SdValue v = ctx.in(i);
    if (ctx.rank(i) == 4) {
      return ctx.nhwc(v);
    }
    Shape s = ctx.graph().type(n.input(i)).shape();
    long[] dims = {1, 1, 1, 1};
    System.arraycopy(s.toArray(), 0, dims, 4 - s.rank(), s.rank());
    return ctx.nhwc(SdValue.nchw(v.var().reshape(dims)));
  }
}
