package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.BatchNorm;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BatchNormalization in inference mode, y = (x - mean) / sqrt(var + epsilon) * scale + B, on libnd4j's
 * batchnorm (one pass; oneDNN's for 4-D input), over the channel axis of channels-last storage when
 * the input has it.
 */
final class BatchNormKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    double eps = node.attrs().getFloat("epsilon", 1e-5f);
    boolean nhwc = ChannelsLast.isBacked(x);
    INDArray in = nhwc ? ChannelsLast.nhwc(x) : x;
    int axis = nhwc ? 3 : 1;
    BatchNorm op = new BatchNorm(in, ctx.in(3), ctx.in(4), ctx.in(1), ctx.in(2), eps, axis);
    INDArray y = ctx.allocate(in.dataType(), in.shape());
    op.addOutputArgument(y);
    Nd4j.exec(op);
    ctx.out(nhwc ? ChannelsLast.view(y) : y);
  }
}
