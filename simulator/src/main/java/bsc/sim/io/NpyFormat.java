package bsc.sim.io;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's .npy format (versions 1 to 3) for float32 arrays, strictly: every way a header can be wrong
 * is a {@link BscException}. ND4J has a reader, but it is native code that aborts the whole JVM on a
 * malformed header (a failed C assert), which a command-line tool cannot offer its users.
 */
public final class NpyFormat {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final int MAX_HEADER_BYTES = 1 << 16;

  private NpyFormat() {}

  /** Parses a whole .npy file's bytes; {@code where} names it in errors. */
  public static Tensor read(ByteBuffer file, String where) {
    ByteBuffer b = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < 10) {
      throw new BscException(where, "not a .npy file (too short)");
    }
    for (byte m : MAGIC) {
      if (b.get() != m) {
        throw new BscException(where, "not a .npy file (no \\x93NUMPY magic)");
      }
    }
    int major = b.get() & 0xff;
    b.get(); // minor version: no meaning for the header layout
    long headerLen;
    if (major == 1) {
      headerLen = b.getShort() & 0xffff;
    } else if (major == 2 || major == 3) {
      if (b.remaining() < 4) {
        throw new BscException(where, "truncated .npy header");
      }
      headerLen = b.getInt() & 0xffffffffL;
    } else {
      throw new BscException(where, "unsupported .npy version " + major);
    }
    if (headerLen > MAX_HEADER_BYTES || headerLen > b.remaining()) {
      throw new BscException(where, "truncated or oversized .npy header (" + headerLen + " bytes)");
    }
    byte[] h = new byte[(int) headerLen];
    b.get(h);
    String header = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).trim();
    Shape shape = parseHeader(header, where);
    long bytes = shape.elements() * 4;
    if (b.remaining() != bytes) {
      throw new BscException(where, "data is " + b.remaining() + " bytes, shape " + shape + " float32 needs " + bytes);
    }
    ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    data.put(b).flip();
    return Tensor.wrap(DataType.FLOAT, shape, data);
  }

  private static Shape parseHeader(String header, String where) {
    if (!header.startsWith("{") || !header.endsWith("}")) {
      throw new BscException(where, "malformed .npy header: " + header);
    }
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new BscException(where, "malformed .npy header (needs descr, fortran_order and shape): " + header);
    }
    String descr = d.group(1);
    if (!descr.equals("<f4")) {
      throw new BscException(where, "element type '" + descr + "' is not little-endian float32 ('<f4'); "
          + "convert with numpy: x.astype('<f4')");
    }
    if (f.group(1).equals("True")) {
      throw new BscException(where, "Fortran-ordered arrays are not supported; save np.ascontiguousarray(x)");
    }
    List<Long> dims = new ArrayList<>();
    for (String part : s.group(1).split(",")) {
      String t = part.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        long v = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
        if (v < 0) {
          throw new NumberFormatException();
        }
        dims.add(v);
      } catch (NumberFormatException e) {
        throw new BscException(where, "malformed shape in .npy header: (" + s.group(1) + ")");
      }
    }
    Shape shape = Shape.of(dims.stream().mapToLong(Long::longValue).toArray());
    long n = shape.elementsOrMinusOne();
    if (n < 0 || n > Shape.MAX_ELEMENTS) {
      throw new BscException(where, "shape " + shape + " exceeds the limit of " + Shape.MAX_ELEMENTS + " elements");
    }
    return shape;
  }

  /** A version-1 .npy file holding {@code t} (float32). */
  public static byte[] write(Tensor t) {
    if (t.dtype() != DataType.FLOAT) {
      throw new IllegalArgumentException("only float32 tensors are written as .npy, not " + t.dtype());
    }
    StringBuilder dims = new StringBuilder();
    for (long d : t.shape().toArray()) {
      dims.append(dims.length() == 0 ? "" : ", ").append(d);
    }
    String shape = "(" + dims + (t.shape().rank() == 1 ? ",)" : ")");
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = MAGIC.length + 4 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + (int) t.sizeBytes())
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    b.put(t.bytes());
    return b.array();
  }
}
