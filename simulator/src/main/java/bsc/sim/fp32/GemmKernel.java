package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Gemm: Y = alpha * op(A) op(B) + beta * C, C broadcast to [M, N]. */
final class GemmKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    boolean ta = node.attrs().getInt("transA", 0) != 0;
    boolean tb = node.attrs().getInt("transB", 0) != 0;
    float alpha = node.attrs().getFloat("alpha", 1f);
    float beta = node.attrs().getFloat("beta", 1f);
    INDArray y = Nd4j.gemm(ctx.in(0), ctx.in(1), ta, tb);
    if (alpha != 1f) {
      y.muli(alpha);
    }
    if (ctx.has(2) && beta != 0f) {
      INDArray c = ctx.in(2);
      Broadcast.ADD.applyInPlace(y, beta == 1f ? c : c.mul(beta));
    }
    ctx.out(y);
  }
}
