package bsc.ir.onnxio;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.onnx.OnnxProto.TensorProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** TensorProto to and from {@link Tensor}. raw_data is aliased, never copied, on import. */
final class TensorCodec {
  private TensorCodec() {}

  static Tensor decode(TensorProto p, String where) {
    if (p.getDataLocation() == TensorProto.DataLocation.EXTERNAL || p.getExternalDataCount() > 0) {
      throw new BscException(where, "external-data tensors are not supported (save the model with all tensors inside the file)");
    }
    if (p.hasSegment()) {
      throw new BscException(where, "segmented tensors are not supported");
    }
    DataType dtype = DataType.fromOnnx(p.getDataType());
    if (dtype == null) {
      throw new BscException(where, "unsupported tensor element type " + p.getDataType());
    }
    long[] dims = new long[p.getDimsCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = p.getDims(i);
      if (dims[i] < 0) {
        throw new BscException(where, "negative dimension " + dims[i]);
      }
    }
    Shape shape = Shape.of(dims);
    long n = shape.elementsOrMinusOne();
    if (n < 0 || n > Shape.MAX_ELEMENTS) {
      throw new BscException(where, "tensor of shape " + shape + " exceeds the limit of " + Shape.MAX_ELEMENTS + " elements");
    }
    long bytes = n * dtype.bytes();
    if (p.hasRawData()) {
      ByteString raw = p.getRawData();
      if (raw.size() != bytes) {
        throw new BscException(where, "raw_data has " + raw.size() + " bytes, shape " + shape + " "
            + dtype.shortName() + " needs " + bytes);
      }
      return Tensor.wrap(dtype, shape, raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }
    int count = typedCount(p, dtype);
    if (count != n) {
      throw new BscException(where, "tensor has " + count + " values, shape " + shape + " needs " + n);
    }
    if (bytes > Integer.MAX_VALUE) {
      throw new BscException(where, "tensor of " + bytes + " bytes exceeds the 2 GiB limit of one tensor");
    }
    ByteBuffer b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      switch (dtype) {
        case FLOAT -> b.putFloat(p.getFloatData(i));
        case DOUBLE -> b.putDouble(p.getDoubleData(i));
        case INT64 -> b.putLong(p.getInt64Data(i));
        case UINT64 -> b.putLong(p.getUint64Data(i));
        case UINT32 -> b.putInt((int) p.getUint64Data(i));
        case INT32 -> b.putInt(p.getInt32Data(i));
        case INT16, UINT16, FLOAT16, BFLOAT16 -> b.putShort((short) p.getInt32Data(i));
        case INT8, UINT8, BOOL -> b.put((byte) p.getInt32Data(i));
      }
    }
    b.flip();
    return Tensor.wrap(dtype, shape, b);
  }

  private static int typedCount(TensorProto p, DataType dtype) {
    return switch (dtype) {
      case FLOAT -> p.getFloatDataCount();
      case DOUBLE -> p.getDoubleDataCount();
      case INT64 -> p.getInt64DataCount();
      case UINT64, UINT32 -> p.getUint64DataCount();
      default -> p.getInt32DataCount();
    };
  }

  static TensorProto encode(String name, Tensor t) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.dtype().onnxCode());
    for (long d : t.shape().toArray()) {
      b.addDims(d);
    }
    return b.setRawData(UnsafeByteOperations.unsafeWrap(t.bytes())).build();
  }
}
