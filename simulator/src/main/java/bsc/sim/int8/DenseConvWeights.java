package bsc.sim.int8;

/**
 * The dense walk: every weight of [Cout][Cin/group][taps] multiplies, zeros included, tap by tap and eight
 * input channels at a time, as the sparse walk does within a block.
 */
final class DenseConvWeights implements ConvWeights {
  private final byte[] w;
  private final int taps;
  private final int terms;
  private final RowGroups groups;

  DenseConvWeights(ConvGeometry g, byte[] weights, int blockRows) {
    this.w = weights.clone();
    this.taps = g.taps();
    this.terms = g.terms();
    this.groups = RowGroups.of(g, blockRows);
  }

  @Override
  public RowGroups rowGroups() {
    return groups;
  }

  @Override
  public void accumulate(int group, float[][] acc, float[][] cols, int rowBase, int tapStride, int zeroRow, int cLo,
      int cHi, int tLo, int tHi, int n) {
    int o0 = groups.start()[group];
    int rows = groups.size()[group];
    int rel = groups.inBase()[group] - rowBase; // cols row of channel c, tap t: t * tapStride + rel + c
    int[] rowsOf = new int[8];
    for (int t = tLo; t < tHi; t++) {
      for (int c0 = cLo; c0 < cHi; c0 += 8) {
        int m = Math.min(8, cHi - c0);
        int row = t * tapStride + rel + c0;
        if (m == 8) {
          float[] p0 = cols[row];
          float[] p1 = cols[row + 1];
          float[] p2 = cols[row + 2];
          float[] p3 = cols[row + 3];
          float[] p4 = cols[row + 4];
          float[] p5 = cols[row + 5];
          float[] p6 = cols[row + 6];
          float[] p7 = cols[row + 7];
          for (int r = 0; r < rows; r++) {
            int k = (o0 + r) * terms + c0 * taps + t;
            Mac.madd8(acc[o0 + r], p0, p1, p2, p3, p4, p5, p6, p7, w[k], w[k + taps], w[k + 2 * taps],
                w[k + 3 * taps], w[k + 4 * taps], w[k + 5 * taps], w[k + 6 * taps], w[k + 7 * taps], n);
          }
        } else {
          for (int j = 0; j < m; j++) {
            rowsOf[j] = row + j;
          }
          for (int r = 0; r < rows; r++) {
            Mac.maddFew(acc[o0 + r], cols, rowsOf, m, w, (o0 + r) * terms + c0 * taps + t, taps, n);
          }
        }
      }
    }
  }

  @Override
  public void accumulateVector(int group, int[] acc, int[] x) {
    int o0 = groups.start()[group];
    int base = groups.inBase()[group] * taps;
    for (int r = 0; r < groups.size()[group]; r++) {
      acc[r] += Mac.dot(w, (o0 + r) * terms, x, base, terms);
    }
  }

  @Override
  public long macsPerPosition(int group) {
    return (long) groups.size()[group] * terms;
  }
}
