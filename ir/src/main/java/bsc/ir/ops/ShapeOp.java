package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;

/** Shape(data) with optional start/end (opset 15): an int64 vector, known whenever the input shape is. */
public final class ShapeOp implements OpSchema {
  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
  }

  private static int[] range(InferenceContext ctx) {
    int rank = ctx.shape(0).rank();
    long start = ctx.attrs().getInt("start", 0);
    long end = ctx.attrs().getInt("end", rank);
    start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
    end = Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
    return new int[] {(int) start, (int) Math.max(start, end)};
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    int[] r = range(ctx);
    return List.of(TensorType.of(DataType.INT64, r[1] - r[0]));
  }

  @Override
  public List<Tensor> fold(InferenceContext ctx) {
    Shape x = ctx.shape(0);
    int[] r = range(ctx);
    long[] v = new long[r[1] - r[0]];
    for (int i = r[0]; i < r[1]; i++) {
      if (x.dim(i) == Shape.UNKNOWN) {
        return null;
      }
      v[i - r[0]] = x.dim(i);
    }
    return List.of(Tensor.scalarLongs(v));
  }
}
