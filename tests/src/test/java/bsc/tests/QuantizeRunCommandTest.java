package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.fp32.Fp32Activations;
import bsc.sim.io.NpyFormat;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantSidecar;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bsc quantize} and {@code bsc run --int8} end to end, ONNX Runtime judging the written QDQ file. */
class QuantizeRunCommandTest {
  private static final String WARNING = "bsc: warning: no --calibration data";

  @TempDir
  Path dir;

  private static Tensor image(long seed, long... dims) {
    Random r = new Random(seed);
    float[] v = new float[(int) Shape.of(dims).elements()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Tensor.ofFloats(Shape.of(dims), v);
  }

  private Path npy(String name, Tensor t) throws IOException {
    return Files.write(dir.resolve(name), NpyFormat.write(t));
  }

  private static Tensor readNpy(Path p) throws IOException {
    return NpyFormat.read(ByteBuffer.wrap(Files.readAllBytes(p)), p.toString());
  }

  @Test
  void quantizeWritesAQdqModelThatOnnxRuntimeRunsAndItsSidecar() throws Exception {
    Path out = dir.resolve("tiny.onnx");
    Cli r = Cli.run("quantize", TestModels.SMALL, "-o", out.toString(), "--per-channel");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith(WARNING), r.err());
    assertTrue(r.out().startsWith("tiny_cnn: 5 layers INT8 (per-channel weights)"), r.out());
    JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("tiny.quant.json").toFile());
    assertEquals("bsc-quant/1", sidecar.path("format").asText());
    assertFalse(sidecar.path("calibration").path("representative").asBoolean());

    Tensor x = image(3, 1, 3, 32, 32);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(out.toString(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloats()), new long[] {1, 3, 32, 32});
        OrtSession.Result res = s.run(Map.of("input", in))) {
      float[] ort = ((OnnxTensor) res.get(0)).getFloatBuffer().array();
      // bsc run --int8 on the same model and input gives ONNX Runtime's logits exactly
      Path y = dir.resolve("y.npy");
      Cli run = Cli.run("run", TestModels.SMALL, "--input", npy("x.npy", x).toString(), "--int8", "--per-channel",
          "-o", y.toString());
      assertEquals(0, run.exitCode(), run.toString());
      assertArrayEquals(ort, readNpy(y).toFloats());
      // the written QDQ file runs in the INT8 executor with its own integers: ORT's logits again
      Path yq = dir.resolve("yq.npy");
      Cli qdq = Cli.run("run", out.toString(), "--input", dir.resolve("x.npy").toString(), "--int8", "-o",
          yq.toString());
      assertEquals(0, qdq.exitCode(), qdq.toString());
      assertFalse(qdq.err().contains("warning"), qdq.err());
      assertArrayEquals(ort, readNpy(yq).toFloats());
      Cli again = Cli.run("quantize", out.toString(), "-o", dir.resolve("twice.onnx").toString());
      assertEquals(2, again.exitCode(), again.toString());
      assertTrue(again.err().startsWith("bsc: error: " + out + ": is already quantized"), again.err());
    }
  }

  @Test
  void calibrationFilesReplaceTheSeededImagesAndTheWarning() throws Exception {
    Path cal = Files.createDirectory(dir.resolve("cal"));
    Files.write(cal.resolve("a.npy"), NpyFormat.write(image(1, 2, 3, 32, 32))); // a batch of two
    Files.write(cal.resolve("b.npy"), NpyFormat.write(image(2, 3, 32, 32))); // one image, no batch axis
    Files.writeString(cal.resolve("notes.txt"), "ignored");
    Cli r = Cli.run("quantize", TestModels.SMALL, "-o", dir.resolve("t.onnx").toString(), "--calibration",
        cal.toString(), "--percentile", "100");
    assertEquals(0, r.exitCode(), r.toString());
    assertFalse(r.err().contains("warning"), r.err());
    assertTrue(r.out().contains("activations from minmax over 3 calibration inputs"), r.out());

    // the same quantization through the library gives the same parameters
    Graph g = PassManager.canonical().run(BuiltinModels.build(TestModels.SMALL));
    List<Map<String, Tensor>> samples = List.of(
        Map.of("input", slice(image(1, 2, 3, 32, 32), 0)), Map.of("input", slice(image(1, 2, 3, 32, 32), 1)),
        Map.of("input", Tensor.ofFloats(Shape.of(1, 3, 32, 32), image(2, 3, 32, 32).toFloats())));
    QuantizedModel m = Quantizer.quantize(g, CalibrationInputs.of(samples), new Fp32Activations(),
        new QuantOptions(false, bsc.sparsify.quant.CalibrationMethod.minMax()));
    JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("t.quant.json").toFile());
    assertEquals(QuantSidecar.digest(m), sidecar.path("params_sha256").asText());
  }

  private static Tensor slice(Tensor batch, int i) {
    float[] all = batch.toFloats();
    float[] one = java.util.Arrays.copyOfRange(all, i * 3072, (i + 1) * 3072);
    return Tensor.ofFloats(Shape.of(1, 3, 32, 32), one);
  }

  @Test
  void runInt8MatchesTheExecutorAndStaysCloseToFp32() throws Exception {
    Path x = npy("x.npy", image(5, 1, 3, 224, 224));
    Path y8 = dir.resolve("y8.npy");
    Path y32 = dir.resolve("y32.npy");
    Cli int8 = Cli.run("run", "resnet18", "--input", x.toString(), "--int8", "-o", y8.toString());
    assertEquals(0, int8.exitCode(), int8.toString());
    assertTrue(int8.err().startsWith(WARNING), int8.err());
    Cli fp32 = Cli.run("run", "resnet18", "--input", x.toString(), "-o", y32.toString());
    assertEquals(0, fp32.exitCode(), fp32.toString());
    float[] a = readNpy(y8).toFloats();
    float[] b = readNpy(y32).toFloats();
    double num = 0;
    double den = 0;
    for (int i = 0; i < a.length; i++) {
      num += (a[i] - b[i]) * (a[i] - b[i]);
      den += b[i] * b[i];
    }
    assertTrue(Math.sqrt(num / den) < 0.2, "relative L2 error of INT8 logits " + Math.sqrt(num / den));
    // the dense walk writes the same bytes
    Path dense = dir.resolve("dense.npy");
    assertEquals(0, Cli.run("run", "resnet18", "--input", x.toString(), "--int8", "--dense", "-o", dense.toString())
        .exitCode());
    assertArrayEquals(Files.readAllBytes(y8), Files.readAllBytes(dense));
    // stdout: the output's type and its top classes, as in FP32
    Cli print = Cli.run("run", TestModels.SMALL, "--input", npy("s.npy", image(1, 1, 3, 32, 32)).toString(), "--int8");
    assertEquals(0, print.exitCode(), print.toString());
    assertEquals("output logits: 1x10 f32", print.outLines().get(0));
    assertEquals(6, print.outLines().size(), print.out());
    assertTrue(print.outLines().get(1).matches("  #1  class +\\d+  score +\\S+  p \\S+"), print.out());
  }

  @Test
  void badInputsAreOneLineErrors() throws Exception {
    Path wrong = npy("wrong.npy", image(1, 1, 3, 16, 16));
    Cli shape = Cli.run("quantize", TestModels.SMALL, "-o", dir.resolve("t.onnx").toString(), "--calibration",
        wrong.toString());
    assertEquals(2, shape.exitCode(), shape.toString());
    assertEquals(1, shape.errLines().size(), shape.toString());
    assertTrue(shape.err().startsWith("bsc: error: " + wrong + ": shape 1x3x16x16 does not match"), shape.err());
    assertFalse(Files.exists(dir.resolve("t.onnx")));

    Path sigmoid = OnnxFiles.write(dir.resolve("sig.onnx"),
        OnnxFiles.convThen("gate", "Sigmoid", 17, 1, 2, 4, 4).toByteArray());
    Cli op = Cli.run("quantize", sigmoid.toString(), "-o", dir.resolve("s.onnx").toString());
    assertEquals(2, op.exitCode(), op.toString());
    assertEquals("bsc: error: node gate: op Sigmoid has no INT8 form", op.err().lines().findFirst().orElse("")
        .replaceAll(" \\(INT8 supports.*", ""));

    Cli run = Cli.run("run", TestModels.SMALL, "--input", wrong.toString(), "--int8");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.errLines().get(run.errLines().size() - 1).startsWith("bsc: error: input input: shape 1x3x16x16"),
        run.err());
  }
}
