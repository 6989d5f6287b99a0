package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** MaxPool and AveragePool over the spatial axes of X [N, C, spatial...]. */
public final class PoolOp implements OpSchema {
  private final boolean max;

  public PoolOp(boolean max) {
    this.max = max;
  }

  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
  }

  @Override
  public int maxOutputs() {
    return max ? 2 : 1;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    Shape x = ctx.shape(0);
    long[] kernel = ctx.attrs().getInts("kernel_shape", null);
    if (kernel == null) {
      throw ctx.fail("kernel_shape is required");
    }
    if (x.rank() != kernel.length + 2) {
      throw ctx.fail("input " + x + " does not match a " + kernel.length + "-D kernel");
    }
    if (!max && ctx.attrs().has("dilations")) {
      for (long d : ctx.attrs().getInts("dilations", null)) {
        if (d != 1) {
          throw ctx.fail("dilated AveragePool is not supported");
        }
      }
    }
    boolean ceil = ctx.attrs().getInt("ceil_mode", 0) != 0;
    Shape y = Shape.of(ConvOp.window(ctx, x, kernel, ceil));
    List<TensorType> out = new ArrayList<>();
    out.add(new TensorType(ctx.input(0).dtype(), y));
    if (ctx.node().outputs().size() > 1) {
      out.add(new TensorType(DataType.INT64, y));
    }
    return out;
  }
}
