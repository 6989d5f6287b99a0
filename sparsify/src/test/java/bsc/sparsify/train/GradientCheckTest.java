package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Graph;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lowered training graph's gradients agree with central finite differences of its own loss, for
 * weights of every kind of layer (first conv, strided conv, residual conv, BN scale and shift, Gemm): this
 * pins the NHWC conv layout, the weight permutation, the batch-statistics BN and the mask product together.
 */
class GradientCheckTest {
  @Test
  void gradientsMatchFiniteDifferencesOfTheLoss() {
    Nd4jSetup.start();
    Graph g = TinyTrainable.build(5);
    TrainingGraph tg = GraphLowering.lower(g, Set.of("conv3.weight"), null);
    float[] keep = new float[16 * 16 * 9];
    java.util.Arrays.fill(keep, 1f);
    keep[0] = 0f; // one masked element: its gradient must be exactly zero
    tg.setMask("conv3.weight", keep);
    LabeledImages d = TrainingRuns.TRAIN.limit(16);
    INDArray x = Nd4j.create(d.images(), new long[] {16, 1, 28, 28}, 'c');
    float[] oneHot = new float[16 * 10];
    for (int i = 0; i < 16; i++) {
      oneHot[i * 10 + d.labels()[i]] = 1f;
    }
    INDArray y = Nd4j.create(oneHot, new long[] {16, 10}, 'c');
    Map<String, INDArray> grads = tg.forwardBackward(x, y, null).getGradients();

    assertEquals(0.0, grad(tg, grads, "conv3.weight", 0), 0.0, "masked element");
    double h = 1e-2;
    for (String p : new String[] {"conv1.weight", "conv2.weight", "conv3.weight", "bn2.weight", "bn3.bias", "fc.weight"}) {
      for (int i : new int[] {7}) {
        double analytic = grad(tg, grads, p, i);
        double numeric = (lossWith(tg, x, y, p, i, h) - lossWith(tg, x, y, p, i, -h)) / (2 * h);
        assertEquals(numeric, analytic, 0.05 * Math.abs(numeric) + 2e-4, p + "[" + i + "]");
      }
    }
  }

  private static double grad(TrainingGraph tg, Map<String, INDArray> grads, String init, int i) {
    return grads.get(param(tg, init).sdName()).reshape(-1).getDouble(i);
  }

  private static double lossWith(TrainingGraph tg, INDArray x, INDArray y, String init, int i, double delta) {
    INDArray w = tg.array(param(tg, init)).reshape(-1);
    double old = w.getDouble(i);
    w.putScalar(i, old + delta);
    double loss = tg.forwardBackward(x, y, null).getOutputs().get(TrainingGraph.LOSS).getDouble(0);
    w.putScalar(i, old);
    return loss;
  }

  private static TrainingGraph.Param param(TrainingGraph tg, String init) {
    return tg.params().stream().filter(p -> p.initializer().equals(init)).findFirst().orElseThrow();
  }
}
