package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import bsc.models.BuiltinModels;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bsc models} and {@code bsc models export}, with ONNX Runtime as the judge of the exported file. */
class ModelsCommandTest {
  @TempDir
  Path dir;

  @Test
  void listsEveryBuiltinModelWithItsFigures() {
    Cli r = Cli.run("models");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.outLines().get(0).matches("name +input +params +GMACs +description"), r.out());
    for (String name : BuiltinModels.names()) {
      assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith(name + " ")), name + " in\n" + r.out());
    }
    assertTrue(r.outLines().stream().anyMatch(l -> l.matches("resnet50 +1x3x224x224 f32 +25,557,032 +4\\.09 .*")),
        r.out());
  }

  @Test
  void exportedResnet50RunsInOnnxRuntime() throws IOException, OrtException {
    Path file = dir.resolve("resnet50.onnx");
    Cli r = Cli.run("models", "export", "resnet50", "-o", file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.out());
    assertTrue(Files.size(file) > 100_000_000L, "size " + Files.size(file));

    float[] input = new float[3 * 224 * 224];
    Random rnd = new Random(7);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) rnd.nextGaussian();
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, 224, 224});
        OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), x))) {
      OnnxTensor y = (OnnxTensor) result.get(0);
      assertArrayEquals(new long[] {1, 1000}, y.getInfo().getShape());
      float[] logits = y.getFloatBuffer().array();
      for (float v : logits) {
        assertTrue(Float.isFinite(v), "non-finite logit " + v);
      }
      assertTrue(max(logits) > min(logits), "all 1000 logits are equal");
    }
  }

  @Test
  void aFailedExportLeavesTheExistingFileAndNoTemporaryFile() throws IOException {
    Path file = Files.writeString(dir.resolve("model.onnx"), "a good file from an earlier run");
    Cli r = Cli.run("models", "export", "no_such_model", "-o", file.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().startsWith("bsc: error: model no_such_model: "), r.err());
    assertEquals("a good file from an earlier run", Files.readString(file));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void exportIntoAMissingDirectoryIsBadInput() {
    Cli r = Cli.run("models", "export", TestModels.SMALL, "-o", dir.resolve("no/such/dir/m.onnx").toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().contains("does not exist"), r.err());
  }

  private static float max(float[] v) {
    float m = Float.NEGATIVE_INFINITY;
    for (float x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  private static float min(float[] v) {
    float m = Float.POSITIVE_INFINITY;
    for (float x : v) {
      m = Math.min(m, x);
    }
    return m;
  }
}
