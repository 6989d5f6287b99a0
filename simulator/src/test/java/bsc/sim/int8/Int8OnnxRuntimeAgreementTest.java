package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnxio.OnnxExporter;
import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QdqExporter;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The truth of the INT8 executor: ONNX Runtime running the exported QDQ model (with its graph optimizations,
 * so the convs run as ORT's own integer kernels) on a seeded image. At least 99.9% of the dequantized logits
 * must lie within one quantization step of ORT's; in practice they are identical, because both round ties
 * to even.
 */
class Int8OnnxRuntimeAgreementTest {
  @ParameterizedTest
  @CsvSource({"resnet50, 0, false", "inception_v3, 0, false", "vgg16, 0, false", "resnet18, 0.5, true",
      "mobilenet_v2, 0, true", "tiny_cnn, 0, false", "fmnist_resnet, 0.5, true"})
  void logitsAgreeWithOnnxRuntimeOnTheExportedQdqModel(String name, double sparsity, boolean perChannel) {
    Graph g = BuiltinInt8.canonical(name, sparsity);
    QuantizedModel m = BuiltinInt8.quantize(g, 1, QuantOptions.defaults().withPerChannel(perChannel));
    Map<String, Tensor> in = BuiltinInt8.input(g, 42);
    String out = g.outputs().get(0).name();
    float[] ours;
    try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults())) {
      ours = e.run(in).get(out).toFloats();
    }
    float[] theirs;
    try (QdqOrt ort = new QdqOrt(OnnxExporter.toBytes(QdqExporter.toGraph(m)), 2, true)) {
      theirs = ort.run(in).get(out);
    }
    double step = FixedPoint.scale(m.fix(out));
    int within = 0;
    int identical = 0;
    double worst = 0;
    for (int i = 0; i < ours.length; i++) {
      double d = Math.abs((double) ours[i] - theirs[i]) / step;
      worst = Math.max(worst, d);
      within += d <= 1 ? 1 : 0;
      identical += d == 0 ? 1 : 0;
    }
    System.out.printf("%s (sparsity %s, per-%s): %d/%d logits within one step (2^-%d) of ONNX Runtime, %d identical,"
        + " worst %.0f steps%n", name, sparsity, perChannel ? "channel" : "tensor", within, ours.length, m.fix(out),
        identical, worst);
    assertTrue(within >= 0.999 * ours.length, name + ": " + within + " of " + ours.length + " within one step");
  }
}
