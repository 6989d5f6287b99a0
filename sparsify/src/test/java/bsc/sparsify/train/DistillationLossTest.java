package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bsc.ir.BscException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The distillation loss and its gradient against hand-computed values and the closed form in doubles. */
class DistillationLossTest {
  /** Loss and d loss / d logits of {@link DistillationLoss#define}, the logits being a trainable variable. */
  private static double[][] lossAndGradient(float[] logits, float[] oneHot, float[] teacher, int classes,
      Distillation d) {
    Nd4jSetup.start();
    int n = logits.length / classes;
    SameDiff sd = SameDiff.create();
    SDVariable z = sd.var("z", Nd4j.create(logits, new long[] {n, classes}, 'c'));
    SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, classes);
    SDVariable t = sd.placeHolder("t", DataType.FLOAT, -1, classes);
    DistillationLoss.define(sd, "loss", y, z, t, d);
    sd.setLossVariables("loss");
    OutAndGrad og = sd.calculateGradientsAndOutputs(Map.of("y", Nd4j.create(oneHot, new long[] {n, classes}, 'c'),
        "t", Nd4j.create(teacher, new long[] {n, classes}, 'c')), List.of("loss"), List.of("z"));
    INDArray g = og.getGradients().get("z");
    return new double[][] {{og.getOutputs().get("loss").getDouble(0)}, g.dup('c').data().asDouble()};
  }

  @Test
  void matchesTheHandComputedTwoClassCase() {
    // T = 2, teacher logits (2 ln 3, 0): soft targets (3/4, 1/4); student logits (0, 0): (1/2, 1/2); label 0.
    // CE = ln 2; KL = 3/4 ln(3/2) + 1/4 ln(1/2); loss = 0.5 ln 2 + 0.5 * 4 * KL.
    // d/dz = 0.5 (softmax(z) - y) + 0.5 * T (softmax(z/T) - p) = 0.5 (-1/2, 1/2) + (-1/4, 1/4) = (-1/2, 1/2).
    float twoLn3 = (float) (2 * Math.log(3));
    double[][] r = lossAndGradient(new float[] {0, 0}, new float[] {1, 0}, new float[] {twoLn3, 0}, 2,
        new Distillation(0.5, 2));
    double kl = 0.75 * Math.log(1.5) + 0.25 * Math.log(0.5);
    assertEquals(0.5 * Math.log(2) + 2 * kl, r[0][0], 1e-6);
    assertArrayEquals(new double[] {-0.5, 0.5}, r[1], 1e-6);
  }

  @Test
  void matchesTheClosedFormOnARandomBatch() {
    int n = 3;
    int classes = 4;
    SplittableRandom rnd = new SplittableRandom(5);
    float[] z = new float[n * classes];
    float[] t = new float[n * classes];
    float[] y = new float[n * classes];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) (4 * rnd.nextDouble() - 2);
      t[i] = (float) (6 * rnd.nextDouble() - 3);
    }
    for (int i = 0; i < n; i++) {
      y[i * classes + rnd.nextInt(classes)] = 1;
    }
    Distillation d = new Distillation(0.9, 4);
    double[][] r = lossAndGradient(z, y, t, classes, d);
    double loss = 0;
    double[] grad = new double[z.length];
    for (int i = 0; i < n; i++) {
      double[] q = softmax(z, i, classes, 1);
      double[] qt = softmax(z, i, classes, d.temperature());
      double[] p = softmax(t, i, classes, d.temperature());
      for (int c = 0; c < classes; c++) {
        int k = i * classes + c;
        loss -= (1 - d.alpha()) * y[k] * Math.log(q[c]) / n;
        loss += d.alpha() * d.temperature() * d.temperature() * p[c] * Math.log(p[c] / qt[c]) / n;
        grad[k] = ((1 - d.alpha()) * (q[c] - y[k]) + d.alpha() * d.temperature() * (qt[c] - p[c])) / n;
      }
    }
    assertEquals(loss, r[0][0], 1e-5);
    assertArrayEquals(grad, r[1], 1e-6);
  }

  @Test
  void withoutATeacherTheLossIsTheCrossEntropyAlone() {
    float[] z = {1, 2, 0.5f};
    double[][] r = lossAndGradient(z, new float[] {0, 0, 1}, new float[] {9, 9, 9}, 3, null);
    double[] q = softmax(z, 0, 3, 1);
    assertEquals(-Math.log(q[2]), r[0][0], 1e-6);
    assertArrayEquals(new double[] {q[0], q[1], q[2] - 1}, r[1], 1e-6);
  }

  @Test
  void settingsOutsideTheirRangeNameTheirOption() {
    assertEquals("--distill-alpha", assertThrows(BscException.class, () -> new Distillation(1.5, 4)).where());
    assertEquals("--distill-temperature", assertThrows(BscException.class, () -> new Distillation(0.9, 0)).where());
  }

  private static double[] softmax(float[] v, int row, int classes, double temperature) {
    double[] e = new double[classes];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      max = Math.max(max, v[row * classes + c] / temperature);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      e[c] = Math.exp(v[row * classes + c] / temperature - max);
      sum += e[c];
    }
    for (int c = 0; c < classes; c++) {
      e[c] /= sum;
    }
    return e;
  }
}
