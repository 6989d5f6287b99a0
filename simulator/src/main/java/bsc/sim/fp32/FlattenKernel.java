package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Flatten to [prod(dims before axis), prod(dims from axis)]. */
final class FlattenKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    int axis = Shapes.axis(node.attrs().getInt("axis", 1), x.rank());
    long outer = 1;
    long inner = 1;
    for (int i = 0; i < x.rank(); i++) {
      if (i < axis) {
        outer *= x.size(i);
      } else {
        inner *= x.size(i);
      }
    }
    ctx.out(Shapes.reshape(x, new long[] {outer, inner}));
  }
}
