package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** BatchNormalization in inference mode: X [N, C, ...], scale, B, mean, var all [C]. */
public final class BatchNormOp implements OpSchema {
  @Override
  public int minInputs() {
    return 5;
  }

  @Override
  public int maxInputs() {
    return 5;
  }

  @Override
  public int maxOutputs() {
    return 3; // training mode's extra outputs, rejected with a clear message in infer
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    if (ctx.attrs().getInt("training_mode", 0) != 0 || ctx.node().outputs().size() > 1) {
      throw ctx.fail("training-mode BatchNormalization is not supported (inference graphs only)");
    }
    Shape x = ctx.shape(0);
    if (x.rank() < 2) {
      throw ctx.fail("input " + x + " must have a channel axis");
    }
    for (int i = 1; i < 5; i++) {
      Shape p = ctx.shape(i);
      if (p.rank() != 1 || (x.dim(1) != Shape.UNKNOWN && p.dim(0) != x.dim(1))) {
        throw ctx.fail("parameter " + i + " " + p + " does not match " + x.dim(1) + " channels");
      }
    }
    return List.of(ctx.input(0));
  }
}
