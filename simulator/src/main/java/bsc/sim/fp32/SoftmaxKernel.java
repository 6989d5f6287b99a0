package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Softmax along {@code axis} (default -1, opset 13), computed as exp(x - max) / sum for stability. */
final class SoftmaxKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    int rank = x.rank();
    long axis = node.attrs().getInt("axis", -1);
    int a = (int) (axis < 0 ? axis + rank : axis);
    INDArray max = x.max(true, a);
    INDArray e = Transforms.exp(Broadcast.SUB.apply(x, max), false);
    INDArray sum = e.sum(true, a);
    ctx.out(Broadcast.DIV.applyInPlace(e, sum));
    NdArrays.free(max);
    NdArrays.free(sum);
  }
}
