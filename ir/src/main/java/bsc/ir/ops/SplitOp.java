package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Split(input, split?) along {@code axis}; sizes from the split input, else num_outputs / outputs. */
public final class SplitOp implements OpSchema {
  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 2;
  }

  @Override
  public int maxOutputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    Shape x = ctx.shape(0);
    int axis = Shapes.axis(ctx, ctx.attrs().getInt("axis", 0), x.rank());
    int outputs = ctx.node().outputs().size();
    long extent = x.dim(axis);
    long[] sizes = ctx.hasInput(1) ? ctx.longs(1) : null;
    if (ctx.hasInput(1) && sizes == null) {
      throw ctx.fail("split sizes must be a constant");
    }
    if (sizes == null) {
      if (extent == Shape.UNKNOWN) {
        throw ctx.fail("cannot split an unknown dimension evenly");
      }
      sizes = new long[outputs];
      long chunk = (extent + outputs - 1) / outputs; // opset 18: the last chunk may be smaller
      for (int i = 0; i < outputs; i++) {
        sizes[i] = Math.max(0, Math.min(chunk, extent - chunk * i));
      }
      if (ctx.attrs().getInt("num_outputs", outputs) != outputs) {
        throw ctx.fail("num_outputs disagrees with the number of outputs");
      }
    }
    if (sizes.length != outputs) {
      throw ctx.fail(sizes.length + " split sizes for " + outputs + " outputs");
    }
    long sum = 0;
    for (long s : sizes) {
      if (s < 0) {
        throw ctx.fail("negative split size " + s);
      }
      sum += s;
    }
    if (extent != Shape.UNKNOWN && sum != extent) {
      throw ctx.fail("split sizes sum to " + sum + ", axis has " + extent);
    }
    List<TensorType> out = new ArrayList<>();
    for (long s : sizes) {
      out.add(new TensorType(ctx.input(0).dtype(), x.withDim(axis, s)));
    }
    return out;
  }
}
