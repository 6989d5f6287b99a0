package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Identity, and Dropout in inference: the output is the input (shared, not copied) and the optional
 * mask is all true. Training-mode Dropout with a non-zero ratio draws random numbers, which a
 * reference executor must not; it is rejected.
 */
final class IdentityKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    if (ctx.has(2) && ctx.in(2).getDouble(0) != 0 && ctx.scalar(1, 0.5) != 0) {
      throw ctx.fail("training-mode Dropout (random) is not supported; export the model in eval mode");
    }
    ctx.out(0, x);
    if (ctx.wantsOutput(1)) {
      ctx.out(1, Nd4j.ones(DataType.FLOAT, x.shape()).castTo(DataType.BOOL));
    }
  }
}
