package bsc.ir;

import java.util.Arrays;

/**
 * An immutable tensor shape. A dimension is a non-negative extent, or {@link #UNKNOWN} where the model
 * leaves it symbolic (ONNX dim_param) and nothing has bound it yet.
 */
public final class Shape {
  public static final long UNKNOWN = -1;
  /** Largest element count bsc accepts for one tensor (2^31 - 1 elements, 8 GiB of f32). */
  public static final long MAX_ELEMENTS = Integer.MAX_VALUE;

  private static final Shape SCALAR = new Shape(new long[0]);
  private final long[] dims;

  private Shape(long[] dims) {
    this.dims = dims;
  }

  public static Shape of(long... dims) {
    if (dims.length == 0) {
      return SCALAR;
    }
    for (long d : dims) {
      if (d < UNKNOWN) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
      }
    }
    return new Shape(dims.clone());
  }

  public static Shape scalar() {
    return SCALAR;
  }

  public int rank() {
    return dims.length;
  }

  public long dim(int axis) {
    return dims[axis < 0 ? axis + dims.length : axis];
  }

  public long[] toArray() {
    return dims.clone();
  }

  public int[] toIntArray() {
    int[] r = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      r[i] = Math.toIntExact(dims[i]);
    }
    return r;
  }

  public boolean isKnown() {
    for (long d : dims) {
      if (d == UNKNOWN) {
        return false;
      }
    }
    return true;
  }

  /** Number of elements; throws when a dimension is unknown or the count overflows a long. */
  public long elements() {
    long n = 1;
    for (long d : dims) {
      if (d == UNKNOWN) {
        throw new IllegalStateException("shape " + this + " has unknown dimensions");
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Element count, or -1 when unknown or beyond a long: for limit checks on hostile input. */
  public long elementsOrMinusOne() {
    long n = 1;
    for (long d : dims) {
      if (d == UNKNOWN) {
        return -1;
      }
      if (d != 0 && n > Long.MAX_VALUE / d) {
        return -1;
      }
      n *= d;
    }
    return n;
  }

  public Shape withDim(int axis, long value) {
    long[] d = dims.clone();
    d[axis < 0 ? axis + d.length : axis] = value;
    return of(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** The printer's form: {@code 1x64x112x112}; {@code ?} for unknown; {@code scalar} for rank 0. */
  @Override
  public String toString() {
    if (dims.length == 0) {
      return "scalar";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        b.append('x');
      }
      b.append(dims[i] == UNKNOWN ? "?" : Long.toString(dims[i]));
    }
    return b.toString();
  }
}
