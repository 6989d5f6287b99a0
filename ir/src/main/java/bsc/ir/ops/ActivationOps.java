package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Schemas of ops whose output has the input's type: activations, Identity, Dropout, Softmax, Clip. */
public final class ActivationOps {
  private ActivationOps() {}

  private record SameType(int min, int max, int maxOut, boolean foldIdentity) implements OpSchema {
    @Override
    public int minInputs() {
      return min;
    }

    @Override
    public int maxInputs() {
      return max;
    }

    @Override
    public int maxOutputs() {
      return maxOut;
    }

    @Override
    public List<TensorType> infer(InferenceContext ctx) {
      TensorType t = ctx.input(0);
      for (int i = 1; i < ctx.inputCount(); i++) {
        if (ctx.hasInput(i) && ctx.shape(i).rank() != 0 && ctx.node().op() == bsc.ir.OpType.CLIP) {
          throw ctx.fail("Clip bounds must be scalars, got " + ctx.shape(i));
        }
      }
      if (ctx.node().op() == bsc.ir.OpType.SOFTMAX) {
        Shapes.axis(ctx, ctx.attrs().getInt("axis", -1), t.rank());
      }
      List<TensorType> out = new ArrayList<>();
      out.add(t);
      if (ctx.node().outputs().size() > 1) {
        out.add(new TensorType(DataType.BOOL, t.shape())); // Dropout mask
      }
      return out;
    }

    @Override
    public List<bsc.ir.Tensor> fold(InferenceContext ctx) {
      return foldIdentity && ctx.value(0) != null && ctx.node().outputs().size() == 1
          ? List.of(ctx.value(0)) : null;
    }
  }

  public static OpSchema unary() {
    return new SameType(1, 1, 1, false);
  }

  public static OpSchema identity() {
    return new SameType(1, 1, 1, true);
  }

  /** Dropout: data, optional ratio and training_mode; optional mask output. */
  public static OpSchema dropout() {
    return new SameType(1, 3, 2, true);
  }

  public static OpSchema softmax() {
    return new SameType(1, 1, 1, false);
  }

  /** Clip: input, optional scalar min and max (opset 11+ form; import converts older attributes). */
  public static OpSchema clip() {
    return new SameType(1, 3, 1, false);
  }
}
