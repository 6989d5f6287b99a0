package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reshape(data, shape): 0 copies the input's dimension (unless allowzero), one -1 is inferred. */
final class ReshapeKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    long[] target = ctx.longs(1);
    boolean allowZero = node.attrs().getInt("allowzero", 0) != 0;
    long[] shape = target.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == 0 && !allowZero) {
        shape[i] = x.size(i);
      }
      if (shape[i] == -1) {
        inferred = i;
      } else {
        known *= shape[i];
      }
    }
    if (inferred >= 0) {
      shape[inferred] = known == 0 ? 0 : x.length() / known;
    }
    if (Shapes.elements(shape) != x.length()) {
      throw ctx.fail("cannot reshape " + java.util.Arrays.toString(x.shape()) + " to "
          + java.util.Arrays.toString(target));
    }
    ctx.out(Shapes.reshape(x, shape));
  }
}
