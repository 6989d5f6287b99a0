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
    var a = ctx.in(0);
    var b = ctx.in(1);
    if (ctx.canOverwrite(0) && a.dataType() == b.dataType()
        && java.util.Arrays.equals(a.shape(), Broadcast.shape(a.shape(), b.shape()))) {
      ctx.out(op.applyInPlace(a, b));
      return;
    }
    ctx.out(op.apply(a, b, ctx::allocate));
  }
}
