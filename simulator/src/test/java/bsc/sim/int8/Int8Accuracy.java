package bsc.sim.int8;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.sim.fp32.Fp32Executor;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy cost of INT8 against FP32 on the same seeded inputs (issue 6): for each model, calibrated on
 * {@link #CALIBRATION} seeded N(0,1) images (seed 1), the INT8 executor's dequantized logits against the FP32
 * executor's (ND4J) on {@code inputs} other seeded N(0,1) images (seed 1000): relative L2 error of the logits
 * over all inputs and for the worst input, and top-1 agreement (first index of the largest logit, as numpy's
 * argmax). Used by scripts/int8-accuracy.sh to regenerate the int8 section of docs/RESULTS.md.
 */
final class Int8Accuracy {
  static final int CALIBRATION = 8;
  static final long INPUT_SEED = 1000;

  private Int8Accuracy() {}

  /** One model and weight granularity over the inputs. */
  record Row(String model, double sparsity, boolean perChannel, int inputs, double relL2, double worstRelL2,
      int top1Agree, int outputFix) {}

  /** ||got - ref|| / ||ref|| over the given sums: {@code sums[0]} = sum (got - ref)^2, {@code sums[1]} = sum ref^2. */
  static double relativeL2(float[] ref, float[] got, double[] sums) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = (double) got[i] - ref[i];
      num += d * d;
      den += (double) ref[i] * ref[i];
    }
    sums[0] += num;
    sums[1] += den;
    return Math.sqrt(num / den);
  }

  /** The first index of the largest value. */
  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static List<Row> measure(String model, double sparsity, int inputs, boolean[] granularities) {
    Graph g = BuiltinInt8.canonical(model, sparsity);
    List<Map<String, Tensor>> xs = CalibrationInputs.seededNormal(g, inputs, INPUT_SEED).samples();
    String out = g.outputs().get(0).name();
    Fp32Executor fp32 = new Fp32Executor(g, 2);
    List<float[]> ref = new ArrayList<>();
    for (Map<String, Tensor> x : xs) {
      ref.add(fp32.run(x).get(out).toFloats());
    }
    List<Row> rows = new ArrayList<>();
    for (boolean perChannel : granularities) {
      QuantizedModel m = BuiltinInt8.quantize(g, CALIBRATION, QuantOptions.defaults().withPerChannel(perChannel));
      double[] sums = new double[2];
      double worst = 0;
      int agree = 0;
      try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults())) {
        for (int i = 0; i < xs.size(); i++) {
          float[] y = e.run(xs.get(i)).get(out).toFloats();
          worst = Math.max(worst, relativeL2(ref.get(i), y, sums));
          agree += argmax(y) == argmax(ref.get(i)) ? 1 : 0;
        }
      }
      Row r = new Row(model, sparsity, perChannel, xs.size(), Math.sqrt(sums[0] / sums[1]), worst, agree, m.fix(out));
      System.err.printf(Locale.ROOT, "%s sparsity %.2f per-%s: rel L2 %.4f (worst %.4f), top-1 %d/%d%n", model,
          sparsity, perChannel ? "channel" : "tensor", r.relL2(), worst, agree, xs.size());
      rows.add(r);
    }
    return rows;
  }

  static String markdown(List<Row> rows, String method) {
    StringBuilder b = new StringBuilder();
    b.append("| model | block sparsity | weights | logit step | rel. L2 error | worst input | top-1 agreement |\n");
    b.append("|---|---:|---|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "| %s | %.0f%% | per-%s | 2^-%d | %.2f%% | %.2f%% | %d/%d (%.1f%%) |%n",
          r.model(), 100 * r.sparsity(), r.perChannel() ? "channel" : "tensor", r.outputFix(), 100 * r.relL2(),
          100 * r.worstRelL2(), r.top1Agree(), r.inputs(), 100.0 * r.top1Agree() / r.inputs()));
    }
    b.append(String.format(Locale.ROOT, "%nCalibration: %d seeded N(0,1) images (seed 1), %s; inputs: seeded N(0,1) "
        + "images (seed %d), the same for FP32 and INT8.%n", CALIBRATION, method, INPUT_SEED));
    return b.toString();
  }

  /** Args: {@code --inputs N} (default 64), {@code --models a,b} (default the five built-in ImageNet models). */
  public static void main(String[] args) {
    int inputs = 64;
    String[] models = {"resnet18", "resnet50", "mobilenet_v2", "inception_v3", "vgg16"};
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--inputs")) {
        inputs = Integer.parseInt(args[i + 1]);
      } else if (args[i].equals("--models")) {
        models = args[i + 1].split(",");
      }
    }
    List<Row> rows = new ArrayList<>();
    boolean[] both = {false, true};
    for (String m : models) {
      rows.addAll(measure(m, 0, inputs, both));
    }
    rows.addAll(measure("resnet50", 0.5, inputs, both));
    System.out.print(markdown(rows, QuantOptions.defaults().method().toString()));
  }
}
