package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Squeeze(data, axes?): drops the given unit axes, or every unit axis when axes is absent. */
final class SqueezeKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    boolean[] drop = new boolean[x.rank()];
    long[] axes = ctx.longs(1);
    for (int i = 0; i < x.rank(); i++) {
      drop[i] = axes == null && x.size(i) == 1;
    }
    if (axes != null) {
      for (long a : axes) {
        int ax = Shapes.axis(a, x.rank());
        if (x.size(ax) != 1) {
          throw ctx.fail("cannot squeeze axis " + ax + " of size " + x.size(ax));
        }
        drop[ax] = true;
      }
    }
    long[] shape = java.util.stream.IntStream.range(0, x.rank()).filter(i -> !drop[i]).mapToLong(x::size).toArray();
    ctx.out(Shapes.reshape(x, shape));
  }
}
