package bsc.sparsify.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SGD with Nesterov momentum and decoupled-from-BN weight decay, applied in place to the training graph's
 * arrays: g' = g + wd w (weights only), v = mu v + g', w = w - lr (g' + mu v). A masked weight has
 * gradient exactly 0 where its mask is 0 and starts at 0 there, so it stays exactly 0: 0 + wd 0 = 0.
 */
final class NesterovSgd {
  private final double momentum;
  private final double weightDecay;
  private final Map<String, INDArray> velocity = new LinkedHashMap<>();

  NesterovSgd(double momentum, double weightDecay) {
    this.momentum = momentum;
    this.weightDecay = weightDecay;
  }

  void step(TrainingGraph tg, Map<String, INDArray> gradients, double lr) {
    for (TrainingGraph.Param p : tg.params()) {
      INDArray w = tg.array(p);
      INDArray g = gradients.get(p.sdName());
      if (p.decay() && weightDecay > 0) {
        try (INDArray decay = w.mul(weightDecay)) {
          g.addi(decay);
        }
      }
      INDArray v = velocity.computeIfAbsent(p.initializer(), k -> Nd4j.zerosLike(w));
      v.muli(momentum).addi(g);
      try (INDArray look = v.mul(momentum)) {
        g.addi(look).muli(lr);
      }
      w.subi(g);
    }
  }

  /** Zeroes the velocity where a new mask is 0, so a weight masked mid-run has no momentum left. */
  void mask(String initializer, INDArray keep) {
    INDArray v = velocity.get(initializer);
    if (v != null) {
      v.muli(keep);
    }
  }

  Map<String, float[]> state(List<TrainingGraph.Param> params) {
    Map<String, float[]> s = new LinkedHashMap<>();
    for (TrainingGraph.Param p : params) {
      INDArray v = velocity.get(p.initializer());
      if (v != null) {
        s.put(p.initializer(), v.dup('c').data().asFloat());
      }
    }
    return s;
  }

  void restore(TrainingGraph tg, Map<String, float[]> state) {
    velocity.clear();
    for (TrainingGraph.Param p : tg.params()) {
      float[] v = state.get(p.initializer());
      if (v != null) {
        velocity.put(p.initializer(), Nd4j.create(v, tg.array(p).shape(), 'c'));
      }
    }
  }
}
