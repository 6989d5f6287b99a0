package bsc.ir.onnxio;

import bsc.ir.BscException;
import bsc.ir.Tensor;
import bsc.ir.onnx.OnnxProto.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a serialized TensorProto (the ONNX test data's input_N.pb / output_N.pb). Test-only bridge to
 * the package-private codec until ir offers a public reader.
 */
public final class TensorFiles {
  private TensorFiles() {}

  public static Tensor read(Path file) {
    try {
      return TensorCodec.decode(TensorProto.parseFrom(Files.readAllBytes(file)), file.toString());
    } catch (IOException e) {
      throw new BscException(file.toString(), "cannot read: " + e.getMessage());
    }
  }
}
