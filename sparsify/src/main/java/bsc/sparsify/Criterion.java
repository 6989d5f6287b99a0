package bsc.sparsify;

import bsc.ir.BscException;
import java.util.Locale;

/**
 * How important a block is (paper-facts.md section 2.2a): L2 = sqrt(sum w^2) (the default, and
 * probably the authors' choice), L1 = sum |w|, or the variance of the block's weights around the block
 * mean. Each weight is first multiplied by its output channel's scale (1, or |gamma|/sqrt(var+eps) of
 * a following BatchNormalization when scoring is BN-aware).
 */
public enum Criterion {
  L2,
  L1,
  VARIANCE;

  public static Criterion parse(String text) {
    for (Criterion c : values()) {
      if (c.name().equalsIgnoreCase(text.trim())) {
        return c;
      }
    }
    throw new BscException("--criterion", "unknown criterion '" + text + "' (known: l2, l1, variance)");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Score of block (br, bc) of {@code w} under this criterion, weights scaled per output channel. */
  public double score(float[] w, BlockGrid g, int br, int bc, double[] channelScale) {
    PrunableLayer l = g.layer();
    double sum = 0;
    double sumSq = 0;
    double sumAbs = 0;
    long n = 0;
    for (int o = g.rowStart(br); o < g.rowEnd(br); o++) {
      double s = channelScale == null ? 1 : channelScale[o];
      for (int i = g.colStart(bc); i < g.colEnd(bc); i++) {
        for (int t = 0; t < l.taps(); t++) {
          double v = w[(int) l.index(o, i, t)] * s;
          sum += v;
          sumSq += v * v;
          sumAbs += Math.abs(v);
          n++;
        }
      }
    }
    return switch (this) {
      case L2 -> Math.sqrt(sumSq);
      case L1 -> sumAbs;
      case VARIANCE -> {
        double mean = sum / n;
        yield Math.max(0, sumSq / n - mean * mean);
      }
    };
  }
}
