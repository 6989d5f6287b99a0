package bsc.sim.fp32;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnxio.OnnxImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The executor against ONNX Runtime: max error of every output at most 1e-4 of the output's largest
 * magnitude, on models exported from PyTorch (libonnx-testdata's pytorch-converted set, on their stored
 * inputs).
 */
class OnnxRuntimeAgreementTest {
  static final double TOLERANCE = 1e-4;

  /**
   * ORT on the original file; on bsc's opset-17 export of it when ORT no longer implements the file's
   * old opset (several of these models are opset 1-6).
   */
  private static OrtRunner ortFor(Path file, Graph g) throws IOException {
    try {
      return new OrtRunner(Files.readAllBytes(file), 2);
    } catch (AssertionError e) {
      return new OrtRunner(bsc.ir.onnxio.OnnxExporter.toBytes(g), 2);
    }
  }

  @Test
  void pytorchExportedModelsAgreeWithOnnxRuntime() throws IOException {
    Path root = OnnxConformanceTest.DATA.resolve("pytorch-converted");
    assumeTrue(Files.isDirectory(root), "ONNX test data not installed at " + root);
    List<String> failures = new ArrayList<>();
    int compared = 0;
    double worst = 0;
    for (OnnxTestCase c : OnnxTestCase.all(root)) {
      Graph g;
      try {
        g = OnnxImporter.load(c.dir.resolve("model.onnx"));
      } catch (BscException e) {
        continue; // not importable: counted by the conformance test
      }
      Tensor x = OnnxImporter.readTensor(c.dir.resolve("test_data_set_0/input_0.pb"));
      if (g.inputs().size() != 1 || x.dtype() != bsc.ir.DataType.FLOAT) {
        continue; // integer inputs (embedding indices): covered by the conformance test only
      }
      Map<String, Tensor> in = Map.of(g.inputs().get(0).name(), x);
      Map<String, Tensor> ours = new Fp32Executor(g).run(in);
      try (OrtRunner ort = ortFor(c.dir.resolve("model.onnx"), g)) {
        Map<String, float[]> theirs = ort.run(in);
        for (Map.Entry<String, float[]> e : theirs.entrySet()) {
          double err = OrtRunner.maxRelativeError(e.getValue(), ours.get(e.getKey()).toFloats());
          worst = Math.max(worst, err);
          if (!(err <= TOLERANCE)) {
            failures.add(c.name() + " output " + e.getKey() + ": max relative error " + err);
          }
        }
      }
      compared++;
    }
    System.out.printf("ONNX Runtime vs FP32 executor: %d PyTorch-exported models, worst max relative error %.2e%n",
        compared, worst);
    assertTrue(compared > 50, "compared only " + compared + " models");
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }
}
