package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.Shape;

/** Shape arithmetic shared by the op schemas; UNKNOWN dimensions propagate. */
public final class Shapes {
  private Shapes() {}

  static final long U = Shape.UNKNOWN;

  /** NumPy-style broadcast of two shapes (ONNX multidirectional broadcasting). */
  public static Shape broadcast(InferenceContext ctx, Shape a, Shape b) {
    int rank = Math.max(a.rank(), b.rank());
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.rank() ? 1 : a.dim(i - (rank - a.rank()));
      long db = i < rank - b.rank() ? 1 : b.dim(i - (rank - b.rank()));
      if (da == 1) {
        out[i] = db;
      } else if (db == 1) {
        out[i] = da;
      } else if (da == U || db == U) {
        out[i] = da == U ? db : da;
      } else if (da == db) {
        out[i] = da;
      } else {
        throw ctx.fail("shapes " + a + " and " + b + " do not broadcast");
      }
    }
    return Shape.of(out);
  }

  /** Axis in [-rank, rank) normalised to [0, rank). */
  public static int axis(InferenceContext ctx, long axis, int rank) {
    if (axis < -rank || axis >= rank) {
      throw ctx.fail("axis " + axis + " out of range for rank " + rank);
    }
    return (int) (axis < 0 ? axis + rank : axis);
  }

  static long mul(long a, long b) {
    return a == U || b == U ? U : Math.multiplyExact(a, b);
  }

  static long add(long a, long b) {
    return a == U || b == U ? U : Math.addExact(a, b);
  }

  /** Resolved spatial padding of a windowed op, as begin/end pairs, honouring auto_pad. */
  public static long[] pads(
      InferenceContext ctx, long[] in, long[] kernel, long[] strides, long[] dilations, String autoPad,
      long[] explicitPads) {
    int n = in.length;
    long[] pads = new long[2 * n];
    switch (autoPad) {
      case "NOTSET" -> {
        if (explicitPads != null) {
          if (explicitPads.length != 2 * n) {
            throw ctx.fail("pads has " + explicitPads.length + " values, expected " + 2 * n);
          }
          for (long p : explicitPads) {
            if (p < 0) {
              throw ctx.fail("negative pad " + p);
            }
          }
          System.arraycopy(explicitPads, 0, pads, 0, 2 * n);
        }
      }
      case "VALID" -> { }
      case "SAME_UPPER", "SAME_LOWER" -> {
        for (int i = 0; i < n; i++) {
          if (in[i] == U) {
            continue;
          }
          long out = (in[i] + strides[i] - 1) / strides[i];
          long effK = (kernel[i] - 1) * dilations[i] + 1;
          long total = Math.max(0, (out - 1) * strides[i] + effK - in[i]);
          long small = total / 2;
          long big = total - small;
          boolean upper = autoPad.equals("SAME_UPPER");
          pads[i] = upper ? small : big;
          pads[i + n] = upper ? big : small;
        }
      }
      default -> throw ctx.fail("unknown auto_pad '" + autoPad + "'");
    }
    return pads;
  }

  /** Output extent of one spatial axis of a conv or pool window. */
  public static long windowOutput(
      InferenceContext ctx, long in, long kernel, long stride, long dilation, long padBegin, long padEnd,
      boolean ceil) {
    if (in == U) {
      return U;
    }
    if (kernel < 1 || stride < 1 || dilation < 1) {
      throw ctx.fail("kernel, stride and dilation must be positive");
    }
    long effK = (kernel - 1) * dilation + 1;
    long span = in + padBegin + padEnd - effK;
    if (span < 0) {
      throw ctx.fail("window " + effK + " is larger than the padded input " + (in + padBegin + padEnd));
    }
    long out = (ceil ? Math.floorDiv(span + stride - 1, stride) : Math.floorDiv(span, stride)) + 1;
    if (ceil && (out - 1) * stride >= in + padBegin) {
      out--; // ONNX/PyTorch: the last window must start inside the input or left padding
    }
    return out;
  }

  static long[] ints(InferenceContext ctx, String name, int n, long defaultValue) {
    long[] v = ctx.attrs().getInts(name, null);
    if (v == null) {
      v = new long[n];
      java.util.Arrays.fill(v, defaultValue);
    } else if (v.length != n) {
      throw ctx.fail(name + " has " + v.length + " values, expected " + n);
    }
    return v;
  }
}
