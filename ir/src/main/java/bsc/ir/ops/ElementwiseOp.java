package bsc.ir.ops;

import bsc.ir.DataType;
import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;

/** Binary arithmetic with multidirectional broadcasting: Add, Sub, Mul, Div. */
public final class ElementwiseOp implements OpSchema {
  private final char operator;

  public ElementwiseOp(char operator) {
    this.operator = operator;
  }

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
    TensorType a = ctx.input(0);
    TensorType b = ctx.input(1);
    if (a.dtype() != b.dtype()) {
      throw ctx.fail("operand types differ: " + a.dtype().shortName() + " and " + b.dtype().shortName());
    }
    return List.of(new TensorType(a.dtype(), Shapes.broadcast(ctx, a.shape(), legacyB(ctx, a.shape(), b.shape()))));
  }

  /**
   * Opset 1-6 broadcasting ({@code broadcast=1}, {@code axis}): B is aligned with A starting at
   * {@code axis}, i.e. B padded with trailing ones. Import rewrites such nodes away afterwards.
   */
  public static Shape legacyB(InferenceContext ctx, Shape a, Shape b) {
    if (ctx.attrs().getInt("broadcast", 0) == 0) {
      return b;
    }
    long axis = ctx.attrs().getInt("axis", a.rank() - b.rank());
    if (axis < 0) {
      axis += a.rank();
    }
    if (axis < 0 || axis + b.rank() > a.rank()) {
      throw ctx.fail("legacy broadcast of " + b + " at axis " + axis + " does not fit " + a);
    }
    long[] d = new long[(int) (a.rank() - axis)];
    java.util.Arrays.fill(d, 1);
    for (int i = 0; i < b.rank(); i++) {
      d[i] = b.dim(i);
    }
    return Shape.of(d);
  }

  /** Folds integer shape arithmetic (e.g. Mul of two gathered dims in a torch-exported Reshape). */
  @Override
  public List<Tensor> fold(InferenceContext ctx) {
    Tensor a = ctx.value(0);
    Tensor b = ctx.value(1);
    if (a == null || b == null || a.dtype() != DataType.INT64 || b.dtype() != DataType.INT64) {
      return null;
    }
    Shape out = Shapes.broadcast(ctx, a.shape(), b.shape());
    long n = out.elements();
    long[] r = new long[(int) n];
    long[] av = a.toLongs();
    long[] bv = b.toLongs();
    for (int i = 0; i < n; i++) {
      long x = av[broadcastIndex(i, out, a.shape())];
      long y = bv[broadcastIndex(i, out, b.shape())];
      r[i] = switch (operator) {
        case '+' -> x + y;
        case '-' -> x - y;
        case '*' -> x * y;
        default -> {
          if (y == 0) {
            throw ctx.fail("integer division by zero in a shape computation");
          }
          yield x / y; // ONNX integer Div truncates toward zero, like Java
        }
      };
    }
    return List.of(Tensor.ofLongs(out, r));
  }

  /** Index into a broadcast operand of shape {@code s} for flat index {@code i} of {@code out}. */
  static int broadcastIndex(long i, Shape out, Shape s) {
    long idx = 0;
    long stride = 1;
    long rem = i;
    int off = out.rank() - s.rank();
    long[] coords = new long[out.rank()];
    for (int d = out.rank() - 1; d >= 0; d--) {
      coords[d] = rem % out.dim(d);
      rem /= out.dim(d);
    }
    for (int d = s.rank() - 1; d >= 0; d--) {
      long c = s.dim(d) == 1 ? 0 : coords[d + off];
      idx += c * stride;
      stride *= s.dim(d);
    }
    return (int) idx;
  }
}
