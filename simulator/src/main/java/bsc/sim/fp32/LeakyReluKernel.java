package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.ops.transforms.Transforms;

/** LeakyRelu: x for x >= 0, alpha * x otherwise (alpha defaults to 0.01). */
final class LeakyReluKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    float alpha = node.attrs().getFloat("alpha", 0.01f);
    ctx.out(ChannelsLast.map(ctx.in(0), x -> Transforms.leakyRelu(x, alpha, true)));
  }
}
