package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.sim.fp32.Fp32Runner;
import bsc.sparsify.train.LabeledImages;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import bsc.sim.int8.Int8Executor;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bsc eval MODEL --data fashion-mnist [--int8]}: top-1 accuracy on a labelled test set with the FP32
 * executor, or quantized on the INT8 executor.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Top-1 accuracy of a classifier on labelled images (the Fashion-MNIST test split, or .npy"
        + " files), computed with bsc's FP32 reference executor, or with --int8 on the INT8 executor.")
final class EvalCommand implements Callable<Integer> {
  private static final int BATCH = 500;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP)
  String model;

  @Option(names = "--data", required = true, paramLabel = "DATA",
      description = "Test data: " + DataSource.HELP + " For fashion-mnist, its 10,000 test images.")
  String data;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "Only the first N images.")
  int limit;

  @Option(names = "--int8", description = "Quantize the model to INT8 (power-of-two scales, as bsc quantize) and"
      + " evaluate it on the bit-exact INT8 executor. Without --calibration, the activation ranges come from the"
      + " first --calibration-images training images (fashion-mnist), or of DATA itself for .npy data.")
  boolean int8;

  @Option(names = "--calibration-images", paramLabel = "N", defaultValue = "256",
      description = "With --int8 and no --calibration: images to calibrate on (default: ${DEFAULT-VALUE}).")
  int calibrationImages;

  @Mixin
  Int8Quantization quantization;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  /** The accuracy of one evaluation, as printed. */
  @JsonPropertyOrder({"model", "data", "precision", "images", "correct", "top1"})
  record Result(String model, String data, String precision, int images, long correct, double top1) {}

  @Override
  public Integer call() {
    if (calibrationImages < 1 || calibrationImages > CalibrationFiles.MAX_SAMPLES) {
      throw new BscException("--calibration-images", "must be between 1 and " + CalibrationFiles.MAX_SAMPLES);
    }
    LoadedModel m = ModelResolver.resolve(model);
    LabeledImages d = DataSource.load(data, false, limit);
    long correct;
    if (int8) {
      CalibrationInputs fallback = null;
      if (quantization.calibration == null) {
        boolean ownSplit = DataSource.hasTestSplit(data);
        if (!ownSplit) {
          spec.commandLine().getErr().println("bsc: warning: no --calibration data and " + data + " has no"
              + " training split: calibrating on the first " + calibrationImages + " of the evaluated images");
        }
        LabeledImages train = ownSplit ? DataSource.load(data, true, calibrationImages) : d;
        fallback = calibrationSamples(m.canonicalized().graph(), train, calibrationImages);
      }
      QuantizedModel q = quantization.quantize(m, spec.commandLine().getErr(), fallback);
      correct = correctInt8(q, d, quantization.threads);
    } else {
      correct = correct(m.graph(), d);
    }
    Result r = new Result(model, data, int8 ? "int8" : "fp32", d.count(), correct, (double) correct / d.count());
    if (json) {
      JsonOutput.write(r, spec.commandLine().getOut());
    } else {
      spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s (%s): top-1 %.2f%% (%d of %d)%n", model, data,
          r.precision(), 100 * r.top1(), correct, d.count());
    }
    return 0;
  }

  /** The first {@code n} images of {@code d} as calibration samples of {@code g}'s single input, one per sample. */
  static CalibrationInputs calibrationSamples(Graph g, LabeledImages d, int n) {
    checkClassifier(g);
    String input = g.inputs().get(0).name();
    int elems = d.imageElements();
    List<Map<String, Tensor>> samples = new ArrayList<>();
    for (int i = 0; i < Math.min(n, d.count()); i++) {
      float[] x = Arrays.copyOfRange(d.images(), i * elems, (i + 1) * elems);
      samples.add(Map.of(input, Tensor.ofFloats(Shape.of(1, d.channels(), d.height(), d.width()), x)));
    }
    return CalibrationInputs.of(samples);
  }

  /** Correct top-1 predictions of the INT8 model over {@code d}, in batches of {@link #BATCH}. */
  static long correctInt8(QuantizedModel q, LabeledImages d, int threads) {
    Graph g = q.graph();
    checkClassifier(g);
    String input = g.inputs().get(0).name();
    int elems = d.imageElements();
    long correct = 0;
    Int8Executor.Options o = Int8Executor.Options.defaults().withThreads(threads);
    try (Int8Executor e = new Int8Executor(q, o)) {
      for (int start = 0; start < d.count(); start += BATCH) {
        int n = Math.min(BATCH, d.count() - start);
        float[] x = Arrays.copyOfRange(d.images(), start * elems, (start + n) * elems);
        Tensor in = Tensor.ofFloats(Shape.of(n, d.channels(), d.height(), d.width()), x);
        int[] best = argmaxRows(e.run(Map.of(input, in)).values().iterator().next(), n);
        for (int i = 0; i < n; i++) {
          correct += best[i] == d.labels()[start + i] ? 1 : 0;
        }
      }
    }
    return correct;
  }

  private static void checkClassifier(Graph g) {
    if (g.inputs().size() != 1 || g.outputs().size() != 1) {
      throw new BscException(g.name(), "evaluation needs a classifier with one input and one output");
    }
  }

  /** The index of the largest score of each of the {@code n} rows of a (n, classes) float output. */
  private static int[] argmaxRows(Tensor out, int n) {
    if (out.dtype() != DataType.FLOAT || out.shape().rank() != 2 || out.shape().dim(0) != n) {
      throw new BscException("output", out.type() + " is not (batch, classes) scores");
    }
    float[] scores = out.toFloats();
    int classes = (int) out.shape().dim(1);
    int[] best = new int[n];
    for (int i = 0; i < n; i++) {
      for (int c = 1; c < classes; c++) {
        if (scores[i * classes + c] > scores[i * classes + best[i]]) {
          best[i] = c;
        }
      }
    }
    return best;
  }

  /** Correct top-1 predictions over {@code d}, run in batches through the graph's single input and output. */
  static long correct(Graph g, LabeledImages d) {
    checkClassifier(g);
    String input = g.inputs().get(0).name();
    int elems = d.imageElements();
    long correct = 0;
    try (Fp32Runner runner = new Fp32Runner(g)) {
      for (int start = 0; start < d.count(); start += BATCH) {
        int n = Math.min(BATCH, d.count() - start);
        float[] x = Arrays.copyOfRange(d.images(), start * elems, (start + n) * elems);
        Tensor in = Tensor.ofFloats(Shape.of(n, d.channels(), d.height(), d.width()), x);
        Tensor out = runner.run(Map.of(input, in)).values().iterator().next();
        int[] best = argmaxRows(out, n);
        for (int i = 0; i < n; i++) {
          correct += best[i] == d.labels()[start + i] ? 1 : 0;
        }
      }
    }
    return correct;
  }
}
