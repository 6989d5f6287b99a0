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
    double[] acc = new double[3]; // sum, sum of squares, sum of magnitudes, in element order
    long n = 0;
    for (int o = g.rowStart(br); o < g.rowEnd(br); o++) {
      double s = channelScale == null ? 1 : channelScale[o];
      if (l.transposed()) {
        for (int i = g.colStart(bc); i < g.colEnd(bc); i++) {
          for (int t = 0; t < l.taps(); t++) {
            int at = (int) l.index(o, i, t);
            accumulate(w, at, at + 1, s, acc);
            n++;
          }
        }
      } else {
        // a row's input channels and taps of one block are contiguous: [o][i][tap]
        int from = (int) l.index(o, g.colStart(bc), 0);
        int to = (int) l.index(o, g.colEnd(bc) - 1, l.taps() - 1) + 1;
        accumulate(w, from, to, s, acc);
        n += to - from;
      }
    }
    return switch (this) {
      case L2 -> Math.sqrt(acc[1]);
      case L1 -> acc[2];
      case VARIANCE -> {
        double mean = acc[0] / n;
        yield Math.max(0, acc[1] / n - mean * mean);
      }
    };
  }

  /** Adds w[from..to) times {@code s} to the sums this criterion needs (the others stay 0). */
  private void accumulate(float[] w, int from, int to, double s, double[] acc) {
    switch (this) {
      case L2 -> {
        double sq = acc[1];
        for (int j = from; j < to; j++) {
          double v = w[j] * s;
          sq += v * v;
        }
        acc[1] = sq;
      }
      case L1 -> {
        double abs = acc[2];
        for (int j = from; j < to; j++) {
          abs += Math.abs(w[j] * s);
        }
        acc[2] = abs;
      }
      case VARIANCE -> {
        double sum = acc[0];
        double sq = acc[1];
        for (int j = from; j < to; j++) {
          double v = w[j] * s;
          sum += v;
          sq += v * v;
        }
        acc[0] = sum;
        acc[1] = sq;
      }
    }
  }
}
