package bsc.cli;

import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnxio.OnnxExporter;
import bsc.sparsify.quant.QdqExporter;
import bsc.sparsify.quant.QuantSidecar;
import bsc.sparsify.quant.QuantizedModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc quantize MODEL -o OUT.onnx}: INT8 post-training quantization, written as a QDQ model and a sidecar. */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    description = {
        "Quantize a model to INT8 with power-of-two scales (fix positions) after the canonical passes, calibrating"
            + " activations on FP32 runs. Writes OUT.onnx, a QDQ model any ONNX runtime runs, and OUT.quant.json,"
            + " the integer parameters (fix positions, shifts, clamps) the INT8 executor and the AIE2 kernels use."})
final class QuantizeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP)
  String model;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.onnx",
      description = "The QDQ model to write; the sidecar goes beside it as OUT.quant.json (both replaced atomically).")
  Path output;

  @Mixin
  Int8Quantization quantization;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    LoadedModel m = ModelResolver.resolve(model);
    QuantizedModel q = quantization.quantize(m, err);
    ModelProto onnx = OnnxExporter.toModel(QdqExporter.toGraph(q));
    Path sidecar = sidecarOf(output);
    byte[] json = QuantSidecar.toJson(q);
    AtomicFileWriter.write(output, onnx::writeTo);
    AtomicFileWriter.write(sidecar, out -> out.write(json));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s: %d layers INT8 (%s weights), %d values with power-of-two fix positions, activations from %s"
        + " over %d %s%n", PlainText.oneLine(model), q.layers().size(), q.options().perChannel() ? "per-channel"
        : "per-tensor", q.fixPositions().size(), q.options().method(), q.calibrationSamples(),
        q.representativeCalibration() ? "calibration inputs" : "seeded images");
    err.println(PlainText.oneLine("bsc: wrote " + output + " (" + size(output) + " bytes) and " + sidecar));
    return 0;
  }

  /** OUT.onnx -> OUT.quant.json (any other name gets .quant.json appended). */
  static Path sidecarOf(Path onnx) {
    String name = onnx.getFileName().toString();
    String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    return onnx.resolveSibling(base + ".quant.json");
  }

  private static String size(Path p) {
    try {
      return InspectionText.grouped(Files.size(p));
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
