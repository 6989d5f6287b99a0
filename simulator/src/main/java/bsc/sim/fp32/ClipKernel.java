package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Clip(x, min?, max?): absent bounds are unbounded; min is applied first, so min > max yields max. */
final class ClipKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    boolean hasMin = ctx.has(1);
    boolean hasMax = ctx.has(2);
    double min = ctx.scalar(1, 0);
    double max = ctx.scalar(2, 0);
    ctx.out(ChannelsLast.map(ctx.in(0), x -> {
      INDArray y = x.dup('c');
      if (hasMin) {
        Transforms.max(y, min, false);
      }
      if (hasMax) {
        Transforms.min(y, max, false);
      }
      return y;
    }));
  }
}
