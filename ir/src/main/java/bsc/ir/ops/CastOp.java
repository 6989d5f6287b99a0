package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;

/** Cast to the element type {@code to}. */
public final class CastOp implements OpSchema {
  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
  }

  static DataType target(InferenceContext ctx) {
    DataType t = DataType.fromOnnx((int) ctx.attrs().getInt("to", 0));
    if (t == null) {
      throw ctx.fail("unsupported cast target type " + ctx.attrs().getInt("to", 0));
    }
    return t;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    return List.of(new TensorType(target(ctx), ctx.shape(0)));
  }

  /** Folds integer-to-int64 casts of shape values. */
  @Override
  public List<Tensor> fold(InferenceContext ctx) {
    Tensor v = ctx.value(0);
    if (v == null || v.dtype().isFloat() || target(ctx) != DataType.INT64) {
      return null;
    }
    return List.of(Tensor.wrap(DataType.INT64, v.shape(), Tensor.scalarLongs(v.toLongs()).bytes()));
  }
}
