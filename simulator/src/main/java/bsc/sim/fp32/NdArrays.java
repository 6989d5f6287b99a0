package bsc.sim.fp32;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between the IR's {@link Tensor} and ND4J arrays, and between their element types. */
final class NdArrays {
  private NdArrays() {}

  static org.nd4j.linalg.api.buffer.DataType nd(DataType t) {
    return switch (t) {
      case FLOAT -> org.nd4j.linalg.api.buffer.DataType.FLOAT;
      case DOUBLE -> org.nd4j.linalg.api.buffer.DataType.DOUBLE;
      case FLOAT16 -> org.nd4j.linalg.api.buffer.DataType.HALF;
      case BFLOAT16 -> org.nd4j.linalg.api.buffer.DataType.BFLOAT16;
      case INT8 -> org.nd4j.linalg.api.buffer.DataType.BYTE;
      case UINT8 -> org.nd4j.linalg.api.buffer.DataType.UBYTE;
      case INT16 -> org.nd4j.linalg.api.buffer.DataType.SHORT;
      case UINT16 -> org.nd4j.linalg.api.buffer.DataType.UINT16;
      case INT32 -> org.nd4j.linalg.api.buffer.DataType.INT;
      case UINT32 -> org.nd4j.linalg.api.buffer.DataType.UINT32;
      case INT64 -> org.nd4j.linalg.api.buffer.DataType.LONG;
      case UINT64 -> org.nd4j.linalg.api.buffer.DataType.UINT64;
      case BOOL -> org.nd4j.linalg.api.buffer.DataType.BOOL;
    };
  }

  static DataType ir(org.nd4j.linalg.api.buffer.DataType t) {
    for (DataType d : DataType.values()) {
      if (nd(d) == t) {
        return d;
      }
    }
    throw new IllegalArgumentException("no IR type for ND4J type " + t);
  }

  /** A new C-ordered array holding a copy of {@code t}. */
  static INDArray fromTensor(Tensor t) {
    long[] shape = t.shape().toArray();
    DataType dt = t.dtype();
    INDArray flat;
    if (t.elements() == 0) {
      return Nd4j.create(nd(dt), shape);
    }
    switch (dt) {
      case FLOAT, DOUBLE -> {
        // One bulk copy into the native buffer; element-wise views of a read-only buffer are slow.
        INDArray a = Nd4j.createUninitialized(nd(dt), shape, 'c');
        a.data().asNio().order(ByteOrder.LITTLE_ENDIAN).put(t.bytes());
        return a;
      }
      case FLOAT16, BFLOAT16 -> flat = Nd4j.createFromArray(t.toFloats()).castTo(nd(dt));
      case BOOL -> {
        byte[] b = t.toByteArray();
        boolean[] v = new boolean[b.length];
        for (int i = 0; i < b.length; i++) {
          v[i] = b[i] != 0;
        }
        flat = Nd4j.createFromArray(v);
      }
      case INT64, UINT64 -> flat = Nd4j.createFromArray(t.toLongs()).castTo(nd(dt));
      default -> flat = Nd4j.createFromArray(t.toLongs()).castTo(nd(dt));
    }
    return shaped(flat, shape);
  }

  /** The array's elements in C order as a new {@link Tensor}. */
  static Tensor toTensor(INDArray a) {
    DataType dt = ir(a.dataType());
    Shape shape = Shape.of(a.shape());
    long n = shape.elements();
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * dt.bytes())).order(ByteOrder.LITTLE_ENDIAN);
    if (n > 0) {
      INDArray flat = a.reshape('c', new long[] {n});
      switch (dt) {
        case FLOAT, DOUBLE -> {
          INDArray c = flat.isView() || flat.data().length() != n ? flat.dup('c') : flat;
          ByteBuffer nio = c.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
          nio.limit((int) (n * dt.bytes()));
          b.put(nio);
        }
        case FLOAT16 -> putHalf(b, flat.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector());
        case BFLOAT16 -> {
          for (float f : flat.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatVector()) {
            b.putShort((short) (Float.floatToRawIntBits(f) >>> 16));
          }
        }
        default -> putIntegers(b, dt, flat);
      }
    }
    b.rewind();
    return Tensor.wrap(dt, shape, b);
  }

  private static void putIntegers(ByteBuffer b, DataType dt, INDArray flat) {
    long[] v = flat.dataType() == org.nd4j.linalg.api.buffer.DataType.BOOL
        ? flat.castTo(org.nd4j.linalg.api.buffer.DataType.LONG).toLongVector() : flat.toLongVector();
    for (long x : v) {
      switch (dt.bytes()) {
        case 1 -> b.put((byte) x);
        case 2 -> b.putShort((short) x);
        case 4 -> b.putInt((int) x);
        default -> b.putLong(x);
      }
    }
  }

  private static void putHalf(ByteBuffer b, float[] v) {
    for (float f : v) {
      b.putShort(floatToHalf(f));
    }
  }

  /** IEEE binary16, round to nearest even (Float.floatToFloat16 arrived only in Java 20). */
  static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      mant |= 0x800000;
      int shift = 14 - e;
      int half = mant >>> shift;
      int rem = mant & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }

  /**
   * Releases {@code a}'s native memory now, when it owns it (not a view, weight or already freed);
   * for temporaries a kernel made, which would otherwise wait for the garbage collector.
   */
  static void free(INDArray a) {
    if (a == null || a.isEmpty() || a.isView()) {
      return;
    }
    var d = a.data();
    if (d.closeable() && !d.wasClosed()) {
      d.close();
    }
  }

  /** {@code flat} (a vector) reshaped C-order to {@code shape}, including rank 0. */
  static INDArray shaped(INDArray flat, long... shape) {
    return flat.reshape('c', shape);
  }

  /** Elements of an integer array (shape vectors, axes, indices) as longs. */
  static long[] longs(INDArray a, String where) {
    if (a.dataType().isFPType()) {
      throw new BscException(where, "expected an integer tensor, got " + a.dataType());
    }
    if (a.length() == 0) {
      return new long[0];
    }
    return a.reshape('c', new long[] {a.length()}).castTo(org.nd4j.linalg.api.buffer.DataType.LONG).toLongVector();
  }

  /** A new C-ordered float array holding {@code v}, filled by one bulk copy into native memory. */
  static INDArray denseFloats(float[] v, long... shape) {
    INDArray a = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape, 'c');
    if (v.length > 0) {
      a.data().asNio().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(v);
    }
    return a;
  }

  /** Elements of a floating-point array as a C-ordered float copy. */
  static float[] floats(INDArray a) {
    if (a.length() == 0) {
      return new float[0];
    }
    INDArray f = a.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT ? a
        : a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
    return f.reshape('c', new long[] {f.length()}).toFloatVector();
  }

  /** Elements of any numeric array as a C-ordered double copy. */
  static double[] doubles(INDArray a) {
    if (a.length() == 0) {
      return new double[0];
    }
    INDArray d = a.dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? a
        : a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
    return d.reshape('c', new long[] {d.length()}).toDoubleVector();
  }

  /** A new C-ordered float array of {@code shape} holding {@code v}. */
  static INDArray ofFloats(float[] v, long... shape) {
    if (v.length == 0) {
      return Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape);
    }
    INDArray flat = Nd4j.createFromArray(v);
    return shaped(flat, shape);
  }

  static INDArray ofLongs(long[] v, long... shape) {
    if (v.length == 0) {
      return Nd4j.create(org.nd4j.linalg.api.buffer.DataType.LONG, shape);
    }
    INDArray flat = Nd4j.createFromArray(v);
    return shaped(flat, shape);
  }
}
