package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Unsqueeze(data, axes): inserts unit axes at the given positions of the output. */
final class UnsqueezeKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    long[] axes = ctx.longs(1);
    int rank = x.rank() + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long a : axes) {
      inserted[Shapes.axis(a, rank)] = true;
    }
    long[] shape = new long[rank];
    for (int i = 0, j = 0; i < rank; i++) {
      shape[i] = inserted[i] ? 1 : x.size(j++);
    }
    ctx.out(Shapes.reshape(x, shape));
  }
}
