package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** Flatten to 2-D: [prod(dims before axis), prod(dims from axis)]. */
public final class FlattenOp implements OpSchema {
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
    long axis = ctx.attrs().getInt("axis", 1);
    if (axis < -x.rank() || axis > x.rank()) {
      throw ctx.fail("axis " + axis + " out of range for rank " + x.rank());
    }
    int a = (int) (axis < 0 ? axis + x.rank() : axis);
    long outer = 1;
    long inner = 1;
    for (int i = 0; i < x.rank(); i++) {
      if (i < a) {
        outer = Shapes.mul(outer, x.dim(i));
      } else {
        inner = Shapes.mul(inner, x.dim(i));
      }
    }
    return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(outer, inner)));
  }
}
