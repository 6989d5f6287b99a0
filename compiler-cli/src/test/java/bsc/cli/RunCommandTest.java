package bsc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.onnxio.OnnxExporter;
import bsc.sim.io.NpyFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir
  Path dir;

  /** x [1, 3] -> Gemm with identity-like weights + bias -> logits [1, 4]: logits = (x0, x1, x2, 0) + (0, 0, 0, 1). */
  private Path model() throws Exception {
    float[] w = {1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0};
    Graph.Builder b = Graph.builder("lin").addInput("x", TensorType.of(DataType.FLOAT, 1, 3))
        .addInitializer("w", Tensor.ofFloats(Shape.of(4, 3), w))
        .addInitializer("b", Tensor.ofFloats(Shape.of(4), new float[] {0, 0, 0, 1}));
    b.add(OpType.GEMM, "logits", Attributes.empty().with("transB", 1L), "x", "w", "b");
    Path file = dir.resolve("lin.onnx");
    Files.write(file, OnnxExporter.toBytes(b.addOutput("logits").build()));
    return file;
  }

  private record Result(int code, String out, String err) {}

  private static Result bsc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private Path npy(String name, Shape shape, float... v) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, NpyFormat.write(Tensor.ofFloats(shape, v)));
    return f;
  }

  @Test
  void printsTopClassesPerSampleOfABatchAndWritesTheLogits() throws Exception {
    Path x = npy("x.npy", Shape.of(2, 3), 5, 2, 3, -1, -2, -3);
    Path y = dir.resolve("y.npy");
    Result r = bsc("run", model().toString(), "--input", x.toString(), "-o", y.toString(), "--top", "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("output logits: 2x4 f32"), r.out());
    assertTrue(r.out().contains("sample 0:\n  #1  class    0"), r.out());
    assertTrue(r.out().contains("sample 1:\n  #1  class    3"), r.out());
    Tensor logits = NpyFormat.read(ByteBuffer.wrap(Files.readAllBytes(y)), "y");
    assertEquals(Shape.of(2, 4), logits.shape());
    assertEquals(5f, logits.toFloats()[0]);
    assertEquals(1f, logits.toFloats()[7]);
  }

  @Test
  void readsRawFloat32WithAShape() throws Exception {
    Path raw = dir.resolve("x.f32");
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putFloat(1).putFloat(7).putFloat(2);
    Files.write(raw, b.array());
    Result r = bsc("run", model().toString(), "--input", "x=" + raw, "--shape", "1x3", "--top", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("#1  class    1"), r.out());
  }

  @Test
  void badInputsAreOneLineErrorsWithExitCode2() throws Exception {
    Path m = model();
    Path wrongShape = npy("w.npy", Shape.of(1, 5), 1, 2, 3, 4, 5);
    String[][] cases = {
        {dir.resolve("missing.npy").toString(), "no such file"},
        {wrongShape.toString(), "shape 1x5 does not match the model's 1x3"},
        {"y=" + wrongShape, "input y: the model has no such input"},
    };
    for (String[] c : cases) {
      Result r = bsc("run", m.toString(), "--input", c[0]);
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().startsWith("bsc: error: ") && r.err().contains(c[1]), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    Path out = dir.resolve("nodir").resolve("y.npy");
    Result r = bsc("run", m.toString(), "--input", npy("x.npy", Shape.of(1, 3), 1, 2, 3).toString(), "-o", out.toString());
    assertEquals(2, r.code());
    assertFalse(Files.exists(out));
  }
}
