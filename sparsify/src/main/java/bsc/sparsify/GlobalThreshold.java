package bsc.sparsify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The global policy: one threshold over the blocks of all eligible layers. Scores are normalised by their
 * layer's mean block score first, so layers of different weight scale compete fairly; each layer's ratio is
 * then the fraction of its blocks below the threshold.
 */
final class GlobalThreshold {
  private GlobalThreshold() {}

  private record Scored(int layer, int block, double normalised) {}

  static void assign(List<Pruner.Target> targets, double ratio) {
    List<Scored> all = new ArrayList<>();
    for (int li = 0; li < targets.size(); li++) {
      Pruner.Target t = targets.get(li);
      if (t.scores == null) {
        continue;
      }
      double mean = 0;
      for (double s : t.scores) {
        mean += s;
      }
      mean /= t.scores.length;
      for (int bi = 0; bi < t.scores.length; bi++) {
        all.add(new Scored(li, bi, mean == 0 ? 0 : t.scores[bi] / mean));
      }
    }
    all.sort(Comparator.comparingDouble(Scored::normalised).thenComparingInt(Scored::layer).thenComparingInt(Scored::block));
    int cut = (int) Math.round(ratio * all.size());
    int[] zeros = new int[targets.size()];
    for (int k = 0; k < cut; k++) {
      zeros[all.get(k).layer()]++;
    }
    for (int li = 0; li < targets.size(); li++) {
      Pruner.Target t = targets.get(li);
      if (t.scores != null) {
        t.ratio = (double) zeros[li] / t.scores.length;
      }
    }
  }
}
