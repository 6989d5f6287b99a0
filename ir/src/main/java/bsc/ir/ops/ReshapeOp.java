package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;

/** Reshape(data, shape): 0 copies the input dimension (unless allowzero), -1 is inferred. */
public final class ReshapeOp implements OpSchema {
  /** Largest rank of a computed target (NumPy 2's limit); guards allocation against hostile shapes. */
  private static final int MAX_RANK = 64;

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
      if (shapeShape.dim(0) == Shape.UNKNOWN || shapeShape.dim(0) > MAX_RANK) {
        throw ctx.fail("a computed target shape of length " + shapeShape + " is not supported"
            + " (bsc needs every value's rank, at most " + MAX_RANK + ")");
      }
      long[] unknown = new long[(int) shapeShape.dim(0)];
      java.util.Arrays.fill(unknown, Shape.UNKNOWN);
      return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(unknown)));
    }
    return List.of(new TensorType(ctx.input(0).dtype(), resolve(ctx, x, target)));
  }

  /**
   * The output shape for a known target. A 0 copies the input dimension at its position (unless
   * allowzero); such copied axes cancel, so -1 is exact even when a copied dimension is unknown.
   */
  static Shape resolve(InferenceContext ctx, Shape x, long[] target) {
    boolean allowZero = ctx.attrs().getInt("allowzero", 0) != 0;
    long[] out = new long[target.length];
    boolean[] copied = new boolean[Math.max(target.length, x.rank())];
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      long t = target[i];
      if (t == 0 && !allowZero) {
        if (i >= x.rank()) {
          throw ctx.fail("0 at position " + i + " copies a dimension the input " + x + " lacks");
        }
        out[i] = x.dim(i);
        copied[i] = true;
      } else if (t == -1) {
        if (inferred >= 0) {
          throw ctx.fail("more than one -1 in target shape");
        }
        inferred = i;
      } else if (t < -1) {
        throw ctx.fail("invalid target dimension " + t);
      } else {
        out[i] = t;
        known = Shapes.mul(known, t);
      }
    }
    long rest = 1;
    for (int i = 0; i < x.rank(); i++) {
      if (!copied[i]) {
        rest = Shapes.mul(rest, x.dim(i));
      }
    }
    if (inferred >= 0) {
      if (rest == Shape.UNKNOWN) {
        out[inferred] = Shape.UNKNOWN;
      } else if (known == 0 || rest % known != 0) {
        throw ctx.fail("cannot reshape " + x + " to " + java.util.Arrays.toString(target));
      } else {
        out[inferred] = rest / known;
      }
    } else if (rest != Shape.UNKNOWN && known != rest) {
      throw ctx.fail("cannot reshape " + x + " (" + x.elementsOrMinusOne() + " elements) to "
          + java.util.Arrays.toString(target));
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
