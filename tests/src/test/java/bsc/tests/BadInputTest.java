package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad model file is bad input: exactly one line {@code bsc: error: ...}, exit 2, no stdout. */
class BadInputTest {
  @TempDir
  static Path dir;

  static Stream<Arguments> badModels() {
    return Stream.of(
        bad("missing file", d -> d.resolve("no/such/model.onnx"), "no such file or built-in model"),
        bad("directory", d -> d, "is a directory"),
        bad("empty file", d -> OnnxFiles.write(d.resolve("empty.onnx"), new byte[0]), "file is empty"),
        bad("truncated file", d -> OnnxFiles.write(d.resolve("truncated.onnx"), truncated()), "not an ONNX model"),
        bad("random bytes", d -> OnnxFiles.write(d.resolve("random.onnx"), random()), "not an ONNX model"),
        bad("a TensorProto", d -> OnnxFiles.write(d.resolve("tensor.onnx"), tensorProto()), "not an ONNX model"),
        bad("unsupported op", d -> OnnxFiles.write(d.resolve("op.onnx"),
            OnnxFiles.convThen("mystery", "NonMaxSuppression", 17, 1, 3, 8, 8).toByteArray()), "NonMaxSuppression"),
        bad("opset 19", d -> OnnxFiles.write(d.resolve("opset19.onnx"),
            OnnxFiles.convThen("relu", "Relu", 19, 1, 3, 8, 8).toByteArray()), "opset 19"),
        bad("absurd dims", d -> OnnxFiles.write(d.resolve("huge.onnx"),
            OnnxFiles.convThen("relu", "Relu", 17, 1, 3, 1L << 40, 1L << 40).toByteArray()), "exceeds the limit"));
  }

  private static Arguments bad(String name, Function<Path, Path> file, String reason) {
    return Arguments.of(name, file, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badModels")
  void badModelFileIsOneErrorLineAndExitTwo(String name, Function<Path, Path> file, String reason) {
    Path model = file.apply(dir);
    Cli r = Cli.run("inspect", model.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals("", r.out(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("bsc: error: " + model + ": "), line);
    assertTrue(line.contains(reason), line);
  }

  private static byte[] truncated() {
    byte[] whole = OnnxFiles.convThen("relu", "Relu", 17, 1, 3, 8, 8).toByteArray();
    return Arrays.copyOf(whole, whole.length - 7);
  }

  private static byte[] random() {
    byte[] b = new byte[4096];
    new Random(19).nextBytes(b);
    return b;
  }

  private static byte[] tensorProto() {
    TensorProto t = OnnxFiles.floats("weights", new long[] {4, 4}, 0, 1f);
    byte[] b = t.toByteArray();
    assertTrue(b.length > 16);
    return b;
  }

  /** A sanity check of the fixtures: the same hand-made model with opset 17 and a known op is fine. */
  @org.junit.jupiter.api.Test
  void theHandMadeModelItselfIsValid() {
    ModelProto m = OnnxFiles.convThen("relu", "Relu", 17, 1, 3, 8, 8);
    Path file = OnnxFiles.write(dir.resolve("valid.onnx"), m.toByteArray());
    Cli r = Cli.run("inspect", file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("total: 2 nodes, 24 params"), r.out());
  }
}
