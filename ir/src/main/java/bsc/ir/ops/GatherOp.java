package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;

/** Gather(data, indices) along {@code axis}: out = data[:axis] + indices.shape + data[axis+1:]. */
public final class GatherOp implements OpSchema {
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
    Shape data = ctx.shape(0);
    Shape idx = ctx.shape(1);
    DataType it = ctx.input(1).dtype();
    if (it != DataType.INT64 && it != DataType.INT32) {
      throw ctx.fail("indices must be int32 or int64");
    }
    if (data.rank() == 0) {
      throw ctx.fail("cannot gather from a scalar");
    }
    int axis = Shapes.axis(ctx, ctx.attrs().getInt("axis", 0), data.rank());
    long[] out = new long[data.rank() - 1 + idx.rank()];
    int j = 0;
    for (int i = 0; i < axis; i++) {
      out[j++] = data.dim(i);
    }
    for (int i = 0; i < idx.rank(); i++) {
      out[j++] = idx.dim(i);
    }
    for (int i = axis + 1; i < data.rank(); i++) {
      out[j++] = data.dim(i);
    }
    long[] iv = ctx.longs(1);
    if (iv != null && data.dim(axis) != Shape.UNKNOWN) {
      for (long v : iv) {
        if (v < -data.dim(axis) || v >= data.dim(axis)) {
          throw ctx.fail("index " + v + " out of range for axis of size " + data.dim(axis));
        }
      }
    }
    return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(out)));
  }

  /** Folds gathers from int64 vectors (shape element extraction). */
  @Override
  public List<Tensor> fold(InferenceContext ctx) {
    Tensor data = ctx.value(0);
    long[] idx = ctx.longs(1);
    if (data == null || idx == null || data.dtype() != DataType.INT64 || data.shape().rank() != 1) {
      return null;
    }
    long[] d = data.toLongs();
    long[] r = new long[idx.length];
    for (int i = 0; i < idx.length; i++) {
      r[i] = d[(int) (idx[i] < 0 ? idx[i] + d.length : idx[i])];
    }
    return List.of(Tensor.wrap(DataType.INT64, infer(ctx).get(0).shape(), Tensor.scalarLongs(r).bytes()));
  }
}
