package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Relu: max(x, 0). */
final class ReluKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    if (ctx.canOverwrite(0)) {
      ctx.out(ChannelsLast.mapInPlace(ctx.in(0), x -> Transforms.relu(x, false)));
      return;
    }
    ctx.out(ChannelsLast.map(ctx.in(0), x -> Transforms.relu(x, true)));
  }
}
