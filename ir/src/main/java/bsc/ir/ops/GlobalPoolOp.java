package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** GlobalAveragePool / GlobalMaxPool: [N, C, spatial...] to [N, C, 1, ...]. */
public final class GlobalPoolOp implements OpSchema {
  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    Shape x = ctx.shape(0);
    if (x.rank() < 2) {
      throw ctx.fail("input " + x + " must be [N, C, ...]");
    }
    long[] d = x.toArray();
    for (int i = 2; i < d.length; i++) {
      d[i] = 1;
    }
    return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(d)));
  }
}
