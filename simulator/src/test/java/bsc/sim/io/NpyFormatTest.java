package bsc.sim.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyFormatTest {
  private static byte[] file(String dict, int dataBytes) {
    String header = dict + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    return b.array();
  }

  @Test
  void writtenFilesReadBackWithShapeAndValues() {
    Tensor t = Tensor.ofFloats(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, -6.5f});
    byte[] bytes = NpyFormat.write(t);
    assertEquals(0, (bytes.length - 24) % 64, "header is padded to 64 bytes");
    Tensor back = NpyFormat.read(ByteBuffer.wrap(bytes), "t.npy");
    assertEquals(Shape.of(2, 3), back.shape());
    assertArrayEquals(t.toFloats(), back.toFloats());
    Tensor vec = NpyFormat.read(ByteBuffer.wrap(NpyFormat.write(Tensor.ofFloats(Shape.of(3), new float[3]))), "v");
    assertEquals(Shape.of(3), vec.shape());
  }

  @Test
  void readsHeadersAsNumpyWritesThem() {
    Tensor t = NpyFormat.read(ByteBuffer.wrap(
        file("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", 8)), "x.npy");
    assertEquals(Shape.of(1, 2), t.shape());
  }

  @Test
  void rejectsWrongTypesOrdersShapesAndTruncation() {
    String[][] cases = {
        {"{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", "8", "is not little-endian float32"},
        {"{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "8", "Fortran-ordered"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", "8", "malformed shape"},
        {"{'descr': '<f4', 'shape': (2,), }", "8", "malformed .npy header"},
        {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "8", "needs 12"},
        {"not a dict", "0", "malformed .npy header"},
    };
    for (String[] c : cases) {
      BscException e = assertThrows(BscException.class,
          () -> NpyFormat.read(ByteBuffer.wrap(file(c[0], Integer.parseInt(c[1]))), "in.npy"));
      assertEquals("in.npy", e.where());
      assertTrue(e.what().contains(c[2]), e.what());
    }
    BscException magic = assertThrows(BscException.class,
        () -> NpyFormat.read(ByteBuffer.wrap("PK\u0003\u0004 not numpy at all".getBytes(StandardCharsets.ISO_8859_1)), "in.npy"));
    assertTrue(magic.what().contains("magic"));
  }
}
