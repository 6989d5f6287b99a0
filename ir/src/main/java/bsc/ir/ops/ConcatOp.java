package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;

/** Concat along {@code axis}; all other dimensions must agree. */
public final class ConcatOp implements OpSchema {
  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    TensorType first = ctx.input(0);
    int rank = first.rank();
    if (!ctx.attrs().has("axis")) {
      throw ctx.fail("axis is required");
    }
    int axis = Shapes.axis(ctx, ctx.attrs().getInt("axis", 0), rank);
    long[] out = first.shape().toArray();
    for (int i = 1; i < ctx.inputCount(); i++) {
      TensorType t = ctx.input(i);
      if (t.rank() != rank || t.dtype() != first.dtype()) {
        throw ctx.fail("input " + i + " " + t + " does not match input 0 " + first);
      }
      for (int d = 0; d < rank; d++) {
        long v = t.shape().dim(d);
        if (d == axis) {
          out[d] = Shapes.add(out[d], v);
        } else if (out[d] == Shape.UNKNOWN) {
          out[d] = v;
        } else if (v != Shape.UNKNOWN && v != out[d]) {
          throw ctx.fail("input " + i + " " + t.shape() + " differs from " + first.shape() + " off axis " + axis);
        }
      }
    }
    return List.of(new TensorType(first.dtype(), Shape.of(out)));
  }

  @Override
  public List<Tensor> fold(InferenceContext ctx) {
    if (ctx.input(0).rank() != 1 || ctx.input(0).dtype() != DataType.INT64) {
      return null;
    }
    int total = 0;
    for (int i = 0; i < ctx.inputCount(); i++) {
      if (ctx.value(i) == null) {
        return null;
      }
      total += (int) ctx.value(i).elements();
    }
    long[] r = new long[total];
    int at = 0;
    for (int i = 0; i < ctx.inputCount(); i++) {
      long[] v = ctx.longs(i);
      System.arraycopy(v, 0, r, at, v.length);
      at += v.length;
    }
    return List.of(Tensor.scalarLongs(r));
  }
}
