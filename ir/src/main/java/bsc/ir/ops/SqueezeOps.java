package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Squeeze and Unsqueeze, axes as the optional second input (opset 13 form). */
public final class SqueezeOps {
  private SqueezeOps() {}

  public static OpSchema squeeze() {
    return new Op(true);
  }

  public static OpSchema unsqueeze() {
    return new Op(false);
  }

  private record Op(boolean squeeze) implements OpSchema {
    @Override
    public int minInputs() {
      return squeeze ? 1 : 2;
    }

    @Override
    public int maxInputs() {
      return 2;
    }

    @Override
    public List<TensorType> infer(InferenceContext ctx) {
      return List.of(new TensorType(ctx.input(0).dtype(), outShape(ctx)));
    }

    private Shape outShape(InferenceContext ctx) {
      Shape x = ctx.shape(0);
      long[] axes = ctx.hasInput(1) ? ctx.longs(1) : null;
      if (ctx.hasInput(1) && axes == null) {
        throw ctx.fail("axes must be a constant");
      }
      if (squeeze) {
        List<Long> out = new ArrayList<>();
        boolean[] drop = new boolean[x.rank()];
        if (axes == null) {
          for (int i = 0; i < x.rank(); i++) {
            if (x.dim(i) == Shape.UNKNOWN) {
              throw ctx.fail("cannot squeeze unknown dimension " + i + " without axes");
            }
            drop[i] = x.dim(i) == 1;
          }
        } else {
          for (long a : axes) {
            int ax = Shapes.axis(ctx, a, x.rank());
            if (x.dim(ax) != 1 && x.dim(ax) != Shape.UNKNOWN) {
              throw ctx.fail("cannot squeeze axis " + ax + " of size " + x.dim(ax));
            }
            drop[ax] = true;
          }
        }
        for (int i = 0; i < x.rank(); i++) {
          if (!drop[i]) {
            out.add(x.dim(i));
          }
        }
        return Shape.of(out.stream().mapToLong(Long::longValue).toArray());
      }
      int rank = x.rank() + axes.length;
      boolean[] inserted = new boolean[rank];
      for (long a : axes) {
        int ax = Shapes.axis(ctx, a, rank);
        if (inserted[ax]) {
          throw ctx.fail("axis " + a + " repeated");
        }
        inserted[ax] = true;
      }
      long[] out = new long[rank];
      for (int i = 0, j = 0; i < rank; i++) {
        out[i] = inserted[i] ? 1 : x.dim(j++);
      }
      return Shape.of(out);
    }

    @Override
    public List<Tensor> fold(InferenceContext ctx) {
      Tensor v = ctx.value(0);
      if (v == null) {
        return null;
      }
      return List.of(Tensor.wrap(v.dtype(), outShape(ctx), v.bytes()));
    }
  }
}
