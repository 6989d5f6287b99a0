package bsc.ir;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.function.Executable;

/** Small building blocks for hand-made test graphs. */
public final class TestGraphs {
  private TestGraphs() {}

  public static TensorType f32(long... dims) {
    return TensorType.of(DataType.FLOAT, dims);
  }

  public static TensorType i64(long... dims) {
    return TensorType.of(DataType.INT64, dims);
  }

  /** A zero-filled f32 constant of the given shape. */
  public static Tensor zeros(long... dims) {
    Shape s = Shape.of(dims);
    return Tensor.wrap(DataType.FLOAT, s, ByteBuffer.allocate(Math.toIntExact(s.elements() * 4)).order(ByteOrder.LITTLE_ENDIAN));
  }

  /** A deterministic, non-constant f32 tensor (element i is i / 16), for byte-exact round trips. */
  public static Tensor ramp(long... dims) {
    Shape s = Shape.of(dims);
    float[] v = new float[Math.toIntExact(s.elements())];
    for (int i = 0; i < v.length; i++) {
      v[i] = i / 16f;
    }
    return Tensor.ofFloats(s, v);
  }

  public static Attributes attrs() {
    return Attributes.empty();
  }

  /** Asserts that {@code build} fails with a BscException whose message contains every fragment. */
  public static BscException assertFails(Executable build, String... fragments) {
    BscException e = assertThrows(BscException.class, build);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
    return e;
  }
}
