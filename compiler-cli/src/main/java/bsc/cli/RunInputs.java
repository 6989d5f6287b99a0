package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import bsc.sim.io.NpyFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The input files of {@code bsc run}: NAME=FILE specs, .npy or raw float32 with a shape, by model input. */
final class RunInputs {
  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private RunInputs() {}

  static Map<String, Tensor> read(Graph g, List<String> specs, String defaultName, String rawShape) {
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (String spec : specs) {
      int eq = spec.indexOf('=');
      String name = eq > 0 ? spec.substring(0, eq) : defaultName != null ? defaultName : soleInput(g, spec);
      Path file = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
      if (feeds.put(name, readFile(file, rawShape)) != null) {
        throw new BscException("input " + name, "given twice");
      }
    }
    return feeds;
  }

  private static String soleInput(Graph g, String spec) {
    if (g.inputs().size() != 1) {
      throw new BscException("--input " + spec, "the model has " + g.inputs().size() + " inputs ("
          + String.join(", ", g.inputs().stream().map(Value::name).toList()) + "); write NAME=FILE");
    }
    return g.inputs().get(0).name();
  }

  static Tensor readFile(Path file, String rawShape) {
    String where = file.toString();
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new BscException(where, "is a directory");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BscException(where, "no such file");
    } catch (AccessDeniedException e) {
      throw new BscException(where, "permission denied");
    } catch (IOException | OutOfMemoryError e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
    if (isNpy(bytes)) {
      if (rawShape != null) {
        throw new BscException(where, "is a .npy file, which carries its own shape; drop --shape");
      }
      return NpyFormat.read(ByteBuffer.wrap(bytes), where);
    }
    if (rawShape == null) {
      throw new BscException(where, "not a .npy file (no \\x93NUMPY magic); for raw float32 give --shape");
    }
    Shape shape = parseShape(rawShape);
    long need = shape.elements() * 4;
    if (bytes.length != need) {
      throw new BscException(where, "raw float32 file has " + bytes.length + " bytes, shape " + shape + " needs " + need);
    }
    return Tensor.wrap(DataType.FLOAT, shape, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
  }

  private static boolean isNpy(byte[] b) {
    if (b.length < NPY_MAGIC.length) {
      return false;
    }
    for (int i = 0; i < NPY_MAGIC.length; i++) {
      if (b[i] != NPY_MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  static Shape parseShape(String s) {
    String[] parts = s.trim().split("[x,]");
    long[] dims = new long[parts.length];
    try {
      for (int i = 0; i < parts.length; i++) {
        dims[i] = Long.parseLong(parts[i].trim());
        if (dims[i] < 0) {
          throw new NumberFormatException();
        }
      }
    } catch (NumberFormatException e) {
      throw new BscException("--shape " + s, "expected dimensions like 1x3x224x224");
    }
    Shape shape = Shape.of(dims);
    long n = shape.elementsOrMinusOne();
    if (n < 0 || n > Shape.MAX_ELEMENTS) {
      throw new BscException("--shape " + s, "more than " + Shape.MAX_ELEMENTS + " elements");
    }
    return shape;
  }
}
