package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.onnxio.OnnxImporter;
import bsc.models.BuiltinModels;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns a MODEL argument into a graph, the same way for every command: a built-in model name, else a
 * path to an ONNX file. A name wins over a file of the same name in the working directory; write
 * {@code ./resnet50} for the file.
 */
final class ModelResolver {
  static final String MODEL_HELP = "A built-in model name (see 'bsc models') or the path of an ONNX file.";

  private ModelResolver() {}

  static LoadedModel resolve(String arg) {
    if (BuiltinModels.has(arg)) {
      return new LoadedModel(arg, "built-in", BuiltinModels.build(arg));
    }
    Path path = path(arg);
    if (path == null || !Files.exists(path)) {
      throw new BscException(arg, "no such file or built-in model (known: " + known() + ")");
    }
    return new LoadedModel(arg, "file", OnnxImporter.load(path));
  }

  private static String known() {
    return String.join(", ", BuiltinModels.names());
  }

  private static Path path(String arg) {
    try {
      return Path.of(arg);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
