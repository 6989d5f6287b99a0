package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.sim.fp32.Fp32Runner;
import bsc.sparsify.train.LabeledImages;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc eval MODEL --data fashion-mnist}: top-1 accuracy on a labelled test set with the FP32 executor. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Top-1 accuracy of a classifier on labelled images (the Fashion-MNIST test split, or .npy"
        + " files), computed with bsc's FP32 reference executor.")
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

  @Option(names = "--int8", description = "Evaluate the INT8 model (not available yet: the INT8 executor has"
      + " not landed on this branch).")
  boolean int8;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  /** The accuracy of one evaluation, as printed. */
  @JsonPropertyOrder({"model", "data", "precision", "images", "correct", "top1"})
  record Result(String model, String data, String precision, int images, long correct, double top1) {}

  @Override
  public Integer call() {
    if (int8) {
      throw new BscException("--int8", "the INT8 executor has not landed on this branch yet; evaluate the FP32"
          + " model (without --int8)");
    }
    Graph g = ModelResolver.resolve(model).graph();
    LabeledImages d = DataSource.load(data, false, limit);
    long correct = correct(g, d);
    Result r = new Result(model, data, "fp32", d.count(), correct, (double) correct / d.count());
    if (json) {
      JsonOutput.write(r, spec.commandLine().getOut());
    } else {
      spec.commandLine().getOut().printf(Locale.ROOT, "%s on %s (%s): top-1 %.2f%% (%d of %d)%n", model, data,
          r.precision(), 100 * r.top1(), correct, d.count());
    }
    return 0;
  }

  /** Correct top-1 predictions over {@code d}, run in batches through the graph's single input and output. */
  static long correct(Graph g, LabeledImages d) {
    if (g.inputs().size() != 1 || g.outputs().size() != 1) {
      throw new BscException(g.name(), "evaluation needs a classifier with one input and one output");
    }
    String input = g.inputs().get(0).name();
    Fp32Runner runner = new Fp32Runner(g);
    int elems = d.imageElements();
    long correct = 0;
    for (int start = 0; start < d.count(); start += BATCH) {
      int n = Math.min(BATCH, d.count() - start);
      float[] x = Arrays.copyOfRange(d.images(), start * elems, (start + n) * elems);
      Tensor in = Tensor.ofFloats(Shape.of(n, d.channels(), d.height(), d.width()), x);
      Tensor out = runner.run(Map.of(input, in)).values().iterator().next();
      if (out.dtype() != DataType.FLOAT || out.shape().rank() != 2 || out.shape().dim(0) != n) {
        throw new BscException(g.name(), "output " + out.type() + " is not (batch, classes) scores");
      }
      float[] scores = out.toFloats();
      int classes = (int) out.shape().dim(1);
      for (int i = 0; i < n; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (scores[i * classes + c] > scores[i * classes + best]) {
            best = c;
          }
        }
        correct += best == d.labels()[start + i] ? 1 : 0;
      }
    }
    return correct;
  }
}
