package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import bsc.ir.Value;
import bsc.sim.fp32.Fp32Activations;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.CalibrationMethod;
import bsc.sparsify.quant.QdqImporter;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The quantization options shared by {@code bsc quantize} and {@code bsc run --int8}, and what they do. */
final class Int8Quantization {
  @Option(names = "--calibration", paramLabel = "PATH",
      description = "Calibration inputs: a float32 .npy file or a directory of them (each an input or a batch of"
          + " inputs). Without it, seeded N(0,1) images are used and a warning is printed.")
  Path calibration;

  @Option(names = "--per-channel", description = "One weight fix position per output channel (default: per tensor).")
  boolean perChannel;

  @Option(names = "--percentile", paramLabel = "P", defaultValue = "" + CalibrationMethod.DEFAULT_PERCENTILE,
      description = "Activation range: this percentile of |x| over the calibration data (default: ${DEFAULT-VALUE};"
          + " 100 = min/max).")
  double percentile;

  @Option(names = "--seeded-samples", paramLabel = "N", defaultValue = "" + CalibrationInputs.DEFAULT_SEEDED_SAMPLES,
      description = "Seeded images to calibrate on when no --calibration is given (default: ${DEFAULT-VALUE}).")
  int seededSamples;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
      description = "Threads of the FP32 calibration runs and the INT8 executor (default: ${DEFAULT-VALUE}).")
  int threads;

  /** Canonicalizes, calibrates and quantizes {@code m}, warning on {@code err} about seeded calibration. */
  QuantizedModel quantize(LoadedModel m, PrintWriter err) {
    return quantize(m, err, null);
  }

  /**
   * As {@link #quantize(LoadedModel, PrintWriter)}, calibrating on {@code fallback} (representative samples the
   * command has, such as training images) when no {@code --calibration} is given; seeded images if it is null.
   */
  QuantizedModel quantize(LoadedModel m, PrintWriter err, CalibrationInputs fallback) {
    if (threads < 1 || threads > 256) {
      throw new BscException("--threads", "must be between 1 and 256, got " + threads);
    }
    if (seededSamples < 1 || seededSamples > CalibrationFiles.MAX_SAMPLES) {
      throw new BscException("--seeded-samples", "must be between 1 and " + CalibrationFiles.MAX_SAMPLES);
    }
    if (QdqImporter.isQdq(m.graph())) {
      throw new BscException(m.name(), "is already quantized (it holds QuantizeLinear/DequantizeLinear): "
          + "bsc run --int8 runs it as it is; quantize its float model instead");
    }
    Graph g = batchOne(m.canonicalized().graph());
    Quantizer.checkSupported(g);
    CalibrationInputs inputs = calibration != null ? CalibrationFiles.read(calibration, g)
        : fallback != null ? fallback
        : CalibrationInputs.seededNormal(g, seededSamples, 0);
    if (!inputs.representative()) {
      err.println("bsc: warning: no --calibration data: the activation ranges come from " + seededSamples
          + " seeded N(0,1) images and may not fit the model's real inputs");
    }
    QuantOptions o = new QuantOptions(perChannel, CalibrationMethod.percentile(percentile));
    try (Fp32Activations fp32 = new Fp32Activations(threads)) {
      return Quantizer.quantize(g, inputs, fp32, o);
    }
  }

  /**
   * What {@code bsc run --int8} executes: a QDQ model as written (its own integers and scales, {@link
   * QdqImporter}; the quantization options do not apply), any other model quantized by {@link #quantize}.
   */
  QuantizedModel forRun(LoadedModel m, PrintWriter err) {
    if (QdqImporter.isQdq(m.graph())) {
      if (calibration != null || perChannel) {
        throw new BscException(m.name(), "is already quantized: --calibration and --per-channel do not apply");
      }
      return QdqImporter.toModel(batchOne(m.graph()));
    }
    return quantize(m, err);
  }

  /** The graph with a symbolic or absent batch axis of every input bound to 1 (the INT8 graph runs per image). */
  static Graph batchOne(Graph g) {
    List<Value> inputs = new ArrayList<>();
    boolean changed = false;
    for (Value v : g.inputs()) {
      Shape s = v.type().shape();
      if (s.rank() > 0 && s.dim(0) != 1) {
        if (s.dim(0) != Shape.UNKNOWN) {
          throw new BscException("input " + v.name(), "INT8 models run one image at a time: the batch axis must be 1"
              + " or symbolic, got " + s);
        }
        s = s.withDim(0, 1);
        changed = true;
      }
      if (!s.isKnown()) {
        throw new BscException("input " + v.name(), "INT8 needs known input dimensions, got " + s);
      }
      inputs.add(new Value(v.name(), new TensorType(v.type().dtype(), s)));
    }
    return changed ? g.toBuilder().setInputs(inputs).build() : g;
  }
}
