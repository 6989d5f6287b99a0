package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** QuantizeLinear (float to int8/uint8) and DequantizeLinear (int8/uint8/int32 to float). */
public final class QuantizeOps {
  private QuantizeOps() {}

  public static OpSchema quantize() {
    return new Op(true);
  }

  public static OpSchema dequantize() {
    return new Op(false);
  }

  private record Op(boolean quantize) implements OpSchema {
    @Override
    public int minInputs() {
      return 2;
    }

    @Override
    public int maxInputs() {
      return 3;
    }

    @Override
    public List<TensorType> infer(InferenceContext ctx) {
      Shape x = ctx.shape(0);
      Shape scale = ctx.shape(1);
      if (scale.rank() > 1) {
        throw ctx.fail("scale must be a scalar or 1-D (blocked quantization is not supported)");
      }
      if (scale.rank() == 1) {
        int axis = Shapes.axis(ctx, ctx.attrs().getInt("axis", 1), x.rank());
        if (x.dim(axis) != Shape.UNKNOWN && scale.dim(0) != x.dim(axis)) {
          throw ctx.fail("per-axis scale " + scale + " does not match axis " + axis + " of " + x);
        }
      }
      if (quantize) {
        DataType out = ctx.hasInput(2) ? ctx.input(2).dtype() : DataType.UINT8;
        if (out != DataType.INT8 && out != DataType.UINT8) {
          throw ctx.fail("only int8/uint8 quantization is supported, not " + out.shortName());
        }
        return List.of(new TensorType(out, x));
      }
      DataType in = ctx.input(0).dtype();
      if (in != DataType.INT8 && in != DataType.UINT8 && in != DataType.INT32) {
        throw ctx.fail("cannot dequantize " + in.shortName());
      }
      return List.of(new TensorType(ctx.input(1).dtype(), x));
    }
  }
}
