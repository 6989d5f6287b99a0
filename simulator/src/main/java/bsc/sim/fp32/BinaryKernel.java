package bsc.sim.fp32;

import bsc.ir.Node;

/** Add, Sub, Mul, Div with broadcasting; integer Div truncates toward zero, as ONNX specifies. */
final class BinaryKernel implements OpKernel {
  private final Broadcast op;

  BinaryKernel(Broadcast op) {
    this.op = op;
  }

  @Override
  public void run(Node node, KernelContext ctx) {
    ctx.out(op.apply(ctx.in(0), ctx.in(1)));
  }
}
