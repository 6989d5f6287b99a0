package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** MatMul with NumPy semantics: 1-D operands are promoted and the promoted axis removed again. */
public final class MatMulOp implements OpSchema {
  @Override
  public int minInputs() {
    return 2;
  }

  @Override
  public int maxInputs() {
    return 2;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    Shape a = ctx.shape(0);
    Shape b = ctx.shape(1);
    if (a.rank() == 0 || b.rank() == 0) {
      throw ctx.fail("MatMul operands must have rank at least 1");
    }
    long[] ad = a.rank() == 1 ? new long[] {1, a.dim(0)} : a.toArray();
    long[] bd = b.rank() == 1 ? new long[] {b.dim(0), 1} : b.toArray();
    long k1 = ad[ad.length - 1];
    long k2 = bd[bd.length - 2];
    if (k1 != Shape.UNKNOWN && k2 != Shape.UNKNOWN && k1 != k2) {
      throw ctx.fail("inner dimensions differ: " + a + " x " + b);
    }
    Shape batch = Shapes.broadcast(ctx,
        Shape.of(java.util.Arrays.copyOf(ad, ad.length - 2)), Shape.of(java.util.Arrays.copyOf(bd, bd.length - 2)));
    long[] out = java.util.Arrays.copyOf(batch.toArray(), batch.rank() + 2);
    out[batch.rank()] = ad[ad.length - 2];
    out[batch.rank() + 1] = bd[bd.length - 1];
    long[] res;
    if (a.rank() == 1 && b.rank() == 1) {
      res = java.util.Arrays.copyOf(out, out.length - 2);
    } else if (a.rank() == 1) {
      res = remove(out, out.length - 2);
    } else if (b.rank() == 1) {
      res = java.util.Arrays.copyOf(out, out.length - 1);
    } else {
      res = out;
    }
    return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(res)));
  }

  private static long[] remove(long[] d, int at) {
    long[] r = new long[d.length - 1];
    for (int i = 0, j = 0; i < d.length; i++) {
      if (i != at) {
        r[j++] = d[i];
      }
    }
    return r;
  }

  @Override
  public long macs(InferenceContext ctx, List<TensorType> outputs) {
    Shape y = outputs.get(0).shape();
    long k = ctx.shape(0).dim(-1);
    return y.isKnown() && k >= 0 ? y.elements() * k : 0;
  }
}
