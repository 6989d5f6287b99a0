package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Clip(x, min?, max?): absent bounds are unbounded; min is applied first, so min > max yields max. */
final class ClipKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray y = ctx.in(0).dup();
    if (ctx.has(1)) {
      y = Transforms.max(y, ctx.scalar(1, 0), false);
    }
    if (ctx.has(2)) {
      y = Transforms.min(y, ctx.scalar(2, 0), false);
    }
    ctx.out(y);
  }
}
