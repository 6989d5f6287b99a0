package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** Gemm: Y = alpha * op(A) op(B) + beta * C, A and B 2-D, C broadcastable to [M, N]. */
public final class GemmOp implements OpSchema {
  @Override
  public int minInputs() {
    return 2;
  }

  @Override
  public int maxInputs() {
    return 3;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    Shape a = ctx.shape(0);
    Shape b = ctx.shape(1);
    if (a.rank() != 2 || b.rank() != 2) {
      throw ctx.fail("A " + a + " and B " + b + " must be 2-D");
    }
    boolean ta = ctx.attrs().getInt("transA", 0) != 0;
    boolean tb = ctx.attrs().getInt("transB", 0) != 0;
    long m = ta ? a.dim(1) : a.dim(0);
    long ka = ta ? a.dim(0) : a.dim(1);
    long kb = tb ? b.dim(1) : b.dim(0);
    long n = tb ? b.dim(0) : b.dim(1);
    if (ka != Shape.UNKNOWN && kb != Shape.UNKNOWN && ka != kb) {
      throw ctx.fail("inner dimensions differ: " + ka + " vs " + kb);
    }
    Shape y = Shape.of(m, n);
    if (ctx.hasInput(2)) {
      Shape c = Shapes.broadcast(ctx, y, ctx.shape(2));
      if (!c.equals(y) && y.isKnown()) {
        throw ctx.fail("C " + ctx.shape(2) + " does not broadcast to " + y);
      }
    }
    return List.of(new TensorType(ctx.input(0).dtype(), y));
  }

  @Override
  public long macs(InferenceContext ctx, List<TensorType> outputs) {
    Shape y = outputs.get(0).shape();
    Shape a = ctx.shape(0);
    long k = ctx.attrs().getInt("transA", 0) != 0 ? a.dim(0) : a.dim(1);
    return y.isKnown() && k >= 0 ? y.elements() * k : 0;
  }
}
