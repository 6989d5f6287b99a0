package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** GlobalAveragePool / GlobalMaxPool: reduce every spatial axis of [N, C, ...] to extent 1. */
final class GlobalPoolKernel implements OpKernel {
  private final boolean max;

  GlobalPoolKernel(boolean max) {
    this.max = max;
  }

  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    int[] axes = new int[x.rank() - 2];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = 2 + i;
    }
    if (axes.length == 0) {
      ctx.out(x);
      return;
    }
    if (ChannelsLast.isBacked(x)) {
      INDArray dense = ChannelsLast.nhwc(x);
      INDArray r = max ? dense.max(1, 2) : dense.mean(1, 2);
      ctx.out(r.reshape('c', new long[] {x.size(0), x.size(1), 1, 1}));
      return;
    }
    ctx.out(max ? x.max(true, axes) : x.mean(true, axes));
  }
}
