package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;

/** Reshape(data, shape): 0 copies the input dimension (unless allowzero), -1 is inferred. */
public final class ReshapeOp implements OpSchema {
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
    Shape x = ctx.shape(0);
    Shape shapeShape = ctx.shape(1);
    if (shapeShape.rank() != 1) {
      throw ctx.fail("shape input must be 1-D, got " + shapeShape);
    }
    long[] target = ctx.longs(1);
    if (target == null) {
      long[] unknown = new long[(int) Math.max(0, shapeShape.dim(0))];
      java.util.Arrays.fill(unknown, Shape.UNKNOWN);
      return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(unknown)));
    }
    return List.of(new TensorType(ctx.input(0).dtype(), resolve(ctx, x, target)));
  }

  static Shape resolve(InferenceContext ctx, Shape x, long[] target) {
    boolean allowZero = ctx.attrs().getInt("allowzero", 0) != 0;
    long[] out = target.clone();
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == 0 && !allowZero) {
        if (i >= x.rank()) {
          throw ctx.fail("0 at position " + i + " copies a dimension the input " + x + " lacks");
        }
        out[i] = x.dim(i);
      }
      if (out[i] == -1) {
        if (inferred >= 0) {
          throw ctx.fail("more than one -1 in target shape");
        }
        inferred = i;
      } else if (out[i] < -1) {
        throw ctx.fail("invalid target dimension " + out[i]);
      } else {
        known = Shapes.mul(known, out[i]);
      }
    }
    long total = x.elementsOrMinusOne();
    if (inferred >= 0) {
      if (total < 0 || known == Shape.UNKNOWN) {
        out[inferred] = Shape.UNKNOWN;
      } else if (known == 0 || total % known != 0) {
        throw ctx.fail("cannot reshape " + x + " to " + java.util.Arrays.toString(target));
      } else {
        out[inferred] = total / known;
      }
    } else if (total >= 0 && known != Shape.UNKNOWN && known != total) {
      throw ctx.fail("cannot reshape " + x + " (" + total + " elements) to " + java.util.Arrays.toString(target));
    }
    return Shape.of(out);
  }

  @Override
  public List<Tensor> fold(InferenceContext ctx) {
    Tensor v = ctx.value(0);
    if (v == null) {
      return null;
    }
    Shape s = resolve(ctx, v.shape(), ctx.longs(1));
    return List.of(Tensor.wrap(v.dtype(), s, v.bytes()));
  }
}
