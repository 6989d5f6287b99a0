package bsc.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An immutable constant tensor: element type, shape and little-endian bytes (ONNX raw_data layout).
 *
 * <p>The bytes may alias the imported file (a read-only mapped buffer), so importing a 100 MB model does
 * not copy its weights onto the heap. Accessors that return Java arrays copy.
 */
public final class Tensor {
  private final DataType dtype;
  private final Shape shape;
  private final ByteBuffer bytes;

  private Tensor(DataType dtype, Shape shape, ByteBuffer bytes) {
    this.dtype = dtype;
    this.shape = shape;
    this.bytes = bytes;
  }

  /** Wraps bytes without copying; {@code bytes} must not be modified afterwards. */
  public static Tensor wrap(DataType dtype, Shape shape, ByteBuffer bytes) {
    long n = shape.elements();
    if (bytes.remaining() != n * dtype.bytes()) {
      throw new IllegalArgumentException(
          "tensor " + shape + " " + dtype.shortName() + " needs " + n * dtype.bytes()
              + " bytes, got " + bytes.remaining());
    }
    return new Tensor(dtype, shape, bytes.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN));
  }

  public static Tensor ofFloats(Shape shape, float[] values) {
    ByteBuffer b = allocate(values.length * 4L);
    b.asFloatBuffer().put(values);
    return wrap(DataType.FLOAT, shape, b);
  }

  public static Tensor ofLongs(Shape shape, long[] values) {
    ByteBuffer b = allocate(values.length * 8L);
    b.asLongBuffer().put(values);
    return wrap(DataType.INT64, shape, b);
  }

  public static Tensor ofInts(Shape shape, int[] values) {
    ByteBuffer b = allocate(values.length * 4L);
    b.asIntBuffer().put(values);
    return wrap(DataType.INT32, shape, b);
  }

  /** One-byte element types (INT8, UINT8, BOOL). */
  public static Tensor ofBytes(DataType dtype, Shape shape, byte[] values) {
    if (dtype.bytes() != 1) {
      throw new IllegalArgumentException(dtype + " is not a byte type");
    }
    return wrap(dtype, shape, ByteBuffer.wrap(values.clone()));
  }

  public static Tensor scalarLongs(long... values) {
    return ofLongs(Shape.of(values.length), values);
  }

  private static ByteBuffer allocate(long bytes) {
    return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
  }

  public DataType dtype() {
    return dtype;
  }

  public Shape shape() {
    return shape;
  }

  public TensorType type() {
    return new TensorType(dtype, shape);
  }

  public long elements() {
    return shape.elements();
  }

  public long sizeBytes() {
    return bytes.remaining();
  }

  /** A read-only little-endian view of the bytes, positioned at the first element. */
  public ByteBuffer bytes() {
    return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Element {@code i} as a double, for any numeric element type. */
  public double getDouble(long index) {
    int i = Math.toIntExact(index);
    return switch (dtype) {
      case FLOAT -> bytes.getFloat(i * 4);
      case DOUBLE -> bytes.getDouble(i * 8);
      case INT8 -> bytes.get(i);
      case UINT8, BOOL -> bytes.get(i) & 0xff;
      case INT16 -> bytes.getShort(i * 2);
      case UINT16 -> bytes.getShort(i * 2) & 0xffff;
      case INT32 -> bytes.getInt(i * 4);
      case UINT32 -> bytes.getInt(i * 4) & 0xffffffffL;
      case INT64, UINT64 -> bytes.getLong(i * 8);
      case FLOAT16 -> halfToFloat(bytes.getShort(i * 2));
      case BFLOAT16 -> Float.intBitsToFloat((bytes.getShort(i * 2) & 0xffff) << 16);
    };
  }

  /** Element {@code i} as a long, for integer element types (floats are truncated). */
  public long getLong(long index) {
    int i = Math.toIntExact(index);
    return switch (dtype) {
      case INT64, UINT64 -> bytes.getLong(i * 8);
      case INT32 -> bytes.getInt(i * 4);
      default -> (long) getDouble(index);
    };
  }

  /** All elements converted to float (a copy). */
  public float[] toFloats() {
    int n = Math.toIntExact(elements());
    float[] r = new float[n];
    if (dtype == DataType.FLOAT) {
      bytes().asFloatBuffer().get(r);
    } else {
      for (int i = 0; i < n; i++) {
        r[i] = (float) getDouble(i);
      }
    }
    return r;
  }

  /** All elements converted to long (a copy). */
  public long[] toLongs() {
    int n = Math.toIntExact(elements());
    long[] r = new long[n];
    if (dtype == DataType.INT64) {
      bytes().asLongBuffer().get(r);
    } else {
      for (int i = 0; i < n; i++) {
        r[i] = getLong(i);
      }
    }
    return r;
  }

  /** All bytes (a copy), for byte-sized element types or digests. */
  public byte[] toByteArray() {
    byte[] r = new byte[bytes.remaining()];
    bytes().get(r);
    return r;
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat arrived only in Java 20). */
  static float halfToFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  @Override
  public String toString() {
    return "Tensor[" + type() + "]";
  }
}
