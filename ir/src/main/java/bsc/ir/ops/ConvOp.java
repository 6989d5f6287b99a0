package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/**
 * Conv: X [N, C, spatial...], W [M, C/group, k...], optional B [M]. bsc adds one attribute family of its
 * own, a fused activation ({@code activation} = relu | clip | leaky_relu, with {@code activation_min},
 * {@code activation_max}, {@code activation_alpha}), which export expands back into ONNX nodes.
 */
public final class ConvOp implements OpSchema {
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
    Shape w = ctx.shape(1);
    if (x.rank() < 3 || w.rank() != x.rank()) {
      throw ctx.fail("input " + x + " and weight " + w + " must have equal rank of at least 3");
    }
    int n = x.rank() - 2;
    long group = ctx.attrs().getInt("group", 1);
    long cin = x.dim(1);
    if (group < 1 || (cin != Shape.UNKNOWN && (cin % group != 0 || cin / group != w.dim(1)))) {
      throw ctx.fail("input channels " + cin + " / group " + group + " do not match weight " + w);
    }
    if (w.dim(0) % group != 0) {
      throw ctx.fail("output channels " + w.dim(0) + " are not divisible by group " + group);
    }
    if (ctx.hasInput(2) && (ctx.shape(2).rank() != 1 || ctx.shape(2).dim(0) != w.dim(0))) {
      throw ctx.fail("bias " + ctx.shape(2) + " does not match " + w.dim(0) + " output channels");
    }
    long[] kernel = new long[n];
    for (int i = 0; i < n; i++) {
      kernel[i] = w.dim(2 + i);
    }
    long[] ks = ctx.attrs().getInts("kernel_shape", null);
    if (ks != null && !java.util.Arrays.equals(ks, kernel)) {
      throw ctx.fail("kernel_shape " + java.util.Arrays.toString(ks) + " disagrees with weight " + w);
    }
    long[] out = window(ctx, x, kernel, false);
    out[1] = w.dim(0);
    return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(out)));
  }

  /** Output shape [N, C, out...] of a conv/pool window over x (C copied from x). */
  static long[] window(InferenceContext ctx, Shape x, long[] kernel, boolean ceil) {
    int n = kernel.length;
    long[] strides = Shapes.ints(ctx, "strides", n, 1);
    long[] dil = Shapes.ints(ctx, "dilations", n, 1);
    long[] spatial = new long[n];
    for (int i = 0; i < n; i++) {
      spatial[i] = x.dim(2 + i);
    }
    long[] pads = Shapes.pads(ctx, spatial, kernel, strides, dil,
        ctx.attrs().getString("auto_pad", "NOTSET"), ctx.attrs().getInts("pads", null));
    long[] out = new long[n + 2];
    out[0] = x.dim(0);
    out[1] = x.dim(1);
    for (int i = 0; i < n; i++) {
      out[2 + i] = Shapes.windowOutput(ctx, spatial[i], kernel[i], strides[i], dil[i], pads[i], pads[i + n], ceil);
    }
    return out;
  }

  @Override
  public long macs(InferenceContext ctx, List<TensorType> outputs) {
    Shape y = outputs.get(0).shape();
    Shape w = ctx.shape(1);
    if (!y.isKnown()) {
      return 0;
    }
    long perOutput = 1;
    for (int i = 1; i < w.rank(); i++) {
      perOutput *= w.dim(i);
    }
    return y.elements() * perOutput;
  }
}
