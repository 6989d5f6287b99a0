package bsc.sparsify.train;

import bsc.ir.Node;
import bsc.ir.OpType;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Gemm (Y = alpha op(A) op(B) + beta C) and MatMul of 2-D activations; a constant B and C are trained,
 * B through its mask when the layer is pruned.
 */
final class GemmLowering implements OpLowering {
  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    if (ctx.rank(0) != 2 || ctx.rank(1) != 2) {
      throw ctx.fail("only 2-D operands are supported for training");
    }
    boolean gemm = n.op() == OpType.GEMM;
    boolean transA = gemm && n.attrs().getInt("transA", 0) != 0;
    boolean transB = gemm && n.attrs().getInt("transB", 0) != 0;
    SDVariable a = ctx.nchw(ctx.in(0));
    SDVariable b = ctx.graph().isInitializer(n.input(1)) ? ctx.maskedWeight(1) : ctx.in(1).var();
    SDVariable y = ctx.sd().mmul(a, b, transA, transB, false);
    if (!gemm) {
      return SdValue.nchw(y);
    }
    double alpha = n.attrs().getFloat("alpha", 1f);
    double beta = n.attrs().getFloat("beta", 1f);
    if (alpha != 1) {
      y = y.mul(alpha);
    }
    if (n.hasInput(2)) {
      SDVariable c = ctx.graph().isInitializer(n.input(2)) ? ctx.variable(2) : ctx.nchw(ctx.in(2));
      y = y.add(beta == 1 ? c : c.mul(beta));
    }
    return SdValue.nchw(y);
  }
}
