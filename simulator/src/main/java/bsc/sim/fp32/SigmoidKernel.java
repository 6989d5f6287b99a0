package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Sigmoid: 1 / (1 + exp(-x)). */
final class SigmoidKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    ctx.out(ChannelsLast.map(ctx.in(0), x -> Transforms.sigmoid(x, true)));
  }
}
