package bsc.cli;

import bsc.ir.DataType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.io.PrintWriter;
import java.util.Map;

/** What {@code bsc run} prints: each output's shape and, for classifier outputs, the top classes. */
final class RunReport {
  private RunReport() {}

  static void print(Map<String, Tensor> outputs, int top, PrintWriter out) {
    for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
      Tensor t = e.getValue();
      out.printf("output %s: %s%n", e.getKey(), t.type());
      int classes = classifierWidth(t);
      if (top <= 0 || classes < 2) {
        continue;
      }
      float[] v = t.toFloats();
      int samples = v.length / classes;
      for (int s = 0; s < samples; s++) {
        printTop(v, s * classes, classes, Math.min(top, classes), samples > 1 ? "  sample " + s + ":" : null, out);
      }
    }
    out.flush();
  }

  /** Classes per sample of a [N, K] or [N, K, 1, 1] float output; 0 when it is not a classifier output. */
  static int classifierWidth(Tensor t) {
    Shape s = t.shape();
    if (t.dtype() != DataType.FLOAT || s.rank() < 2) {
      return 0;
    }
    for (int i = 2; i < s.rank(); i++) {
      if (s.dim(i) != 1) {
        return 0;
      }
    }
    return (int) s.dim(1);
  }

  /** The k largest scores of one sample, with softmax probabilities (the scores taken as logits). */
  private static void printTop(float[] v, int from, int n, int k, String heading, PrintWriter out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, v[from + i]);
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.exp(v[from + i] - max);
    }
    boolean[] taken = new boolean[n];
    if (heading != null) {
      out.println(heading);
    }
    for (int r = 1; r <= k; r++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (!taken[i] && (best < 0 || v[from + i] > v[from + best])) {
          best = i;
        }
      }
      taken[best] = true;
      out.printf("  #%d  class %4d  score %10.4f  p %.4f%n", r, best, v[from + best],
          Math.exp(v[from + best] - max) / sum);
    }
  }
}
