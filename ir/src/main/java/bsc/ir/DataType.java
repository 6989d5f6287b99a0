package bsc.ir;

/** Element types, with ONNX's TensorProto.DataType codes. */
public enum DataType {
  FLOAT(1, 4, "f32"),
  UINT8(2, 1, "u8"),
  INT8(3, 1, "i8"),
  UINT16(4, 2, "u16"),
  INT16(5, 2, "i16"),
  INT32(6, 4, "i32"),
  INT64(7, 8, "i64"),
  BOOL(9, 1, "bool"),
  FLOAT16(10, 2, "f16"),
  DOUBLE(11, 8, "f64"),
  UINT32(12, 4, "u32"),
  UINT64(13, 8, "u64"),
  BFLOAT16(16, 2, "bf16");

  private final int onnxCode;
  private final int bytes;
  private final String shortName;

  DataType(int onnxCode, int bytes, String shortName) {
    this.onnxCode = onnxCode;
    this.bytes = bytes;
    this.shortName = shortName;
  }

  public int onnxCode() {
    return onnxCode;
  }

  public int bytes() {
    return bytes;
  }

  public String shortName() {
    return shortName;
  }

  public boolean isFloat() {
    return this == FLOAT || this == DOUBLE || this == FLOAT16 || this == BFLOAT16;
  }

  /** The type for an ONNX code, or null when bsc has no such type (strings, complex numbers). */
  public static DataType fromOnnx(int code) {
    for (DataType t : values()) {
      if (t.onnxCode == code) {
        return t;
      }
    }
    return null;
  }
}
