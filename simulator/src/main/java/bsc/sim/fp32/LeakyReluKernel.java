package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.ops.transforms.Transforms;

/** LeakyRelu: x for x >= 0, alpha * x otherwise (alpha defaults to 0.01). */
final class LeakyReluKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    ctx.out(Transforms.leakyRelu(ctx.in(0), node.attrs().getFloat("alpha", 0.01f), true));
  }
}
