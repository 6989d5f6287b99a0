package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** Pad(data, pads, constant_value?, axes?) in the opset 18 form; import converts the attribute forms. */
public final class PadOp implements OpSchema {
  @Override
  public int minInputs() {
    return 2;
  }

  @Override
  public int maxInputs() {
    return 4;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    Shape x = ctx.shape(0);
    String mode = ctx.attrs().getString("mode", "constant");
    if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge") && !mode.equals("wrap")) {
      throw ctx.fail("unknown pad mode '" + mode + "'");
    }
    long[] pads = ctx.longs(1);
    if (pads == null) {
      throw ctx.fail("pads must be a constant");
    }
    int rank = x.rank();
    long[] axes;
    if (ctx.hasInput(3)) {
      axes = ctx.longs(3);
      if (axes == null) {
        throw ctx.fail("axes must be a constant");
      }
    } else {
      axes = new long[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    }
    if (pads.length != 2 * axes.length) {
      throw ctx.fail("pads has " + pads.length + " values for " + axes.length + " axes");
    }
    long[] out = x.toArray();
    for (int i = 0; i < axes.length; i++) {
      int a = Shapes.axis(ctx, axes[i], rank);
      if (out[a] != Shape.UNKNOWN) {
        out[a] = out[a] + pads[i] + pads[i + axes.length];
        if (out[a] < 0) {
          throw ctx.fail("pads make axis " + a + " negative");
        }
      }
    }
    return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(out)));
  }
}
