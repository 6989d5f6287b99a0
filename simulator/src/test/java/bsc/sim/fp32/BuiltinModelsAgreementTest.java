package bsc.sim.fp32;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnxio.OnnxExporter;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The five built-in CNNs, exported to ONNX, against ONNX Runtime on a seeded N(0,1) image: the max
 * error of the logits is at most 1e-4 of the largest logit magnitude, for the graph as built (BN as its
 * own node) and after the canonical passes (BN folded, activations fused into the convs).
 */
class BuiltinModelsAgreementTest {
  static final double TOLERANCE = 1e-4;

  @ParameterizedTest
  @ValueSource(strings = {"resnet50", "inception_v3", "vgg16", "resnet18", "mobilenet_v2"})
  void logitsAgreeWithOnnxRuntime(String name) {
    Graph raw = BuiltinModels.build(name);
    Map<String, Tensor> in = Fp32Benchmark.seededInputs(raw, 42);
    String out = raw.outputs().get(0).name();
    float[] expected;
    try (OrtRunner ort = new OrtRunner(OnnxExporter.toBytes(raw), 2)) {
      expected = ort.run(in).get(out);
    }
    Graph canonical = PassManager.canonical().run(raw);
    for (Graph g : new Graph[] {raw, canonical}) {
      Fp32Executor exec = new Fp32Executor(g);
      double err = OrtRunner.maxRelativeError(expected, exec.run(in).get(out).toFloats());
      System.out.printf("%s (%s): max relative error of the logits vs ONNX Runtime %.2e%n",
          name, g == raw ? "as built" : "canonical", err);
      assertTrue(err <= TOLERANCE, name + (g == raw ? "" : " canonical") + ": max relative error " + err);
    }
  }
}
