package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.Tensor;
import bsc.sim.io.NpyFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading and writing float32 .npy files for the commands, with a size limit on what is read. */
final class NpyFiles {
  /** Largest .npy file read: 2 GiB, the most a Java array holds. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private NpyFiles() {}

  static Tensor read(Path path) {
    String where = path.toString();
    try {
      if (!Files.isRegularFile(path)) {
        throw new BscException(where, Files.exists(path) ? "not a regular file" : "no such file");
      }
      if (Files.size(path) > MAX_BYTES) {
        throw new BscException(where, "larger than " + MAX_BYTES + " bytes");
      }
      return NpyFormat.read(ByteBuffer.wrap(Files.readAllBytes(path)), where);
    } catch (IOException e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
  }

  static void write(Path path, Tensor t) {
    byte[] bytes = NpyFormat.write(t);
    AtomicFileWriter.write(path, out -> out.write(bytes));
  }
}
