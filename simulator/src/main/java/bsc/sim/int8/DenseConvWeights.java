package bsc.sim.int8;

/**
 * The dense walk: every weight of [Cout][Cin/group][taps] multiplies, zeros included. Terms e = c * taps
 * + t of an output channel are taken eight at a time; their weights are contiguous.
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
  public void accumulate(int group, int[][] acc, int[][] cols, int zeroRow, int n) {
    int o0 = groups.start()[group];
    int rows = groups.size()[group];
    int base = groups.inBase()[group] * taps;
    int e0 = 0;
    for (; e0 + 8 <= terms; e0 += 8) {
      int[] p0 = cols[base + e0];
      int[] p1 = cols[base + e0 + 1];
      int[] p2 = cols[base + e0 + 2];
      int[] p3 = cols[base + e0 + 3];
      int[] p4 = cols[base + e0 + 4];
      int[] p5 = cols[base + e0 + 5];
      int[] p6 = cols[base + e0 + 6];
      int[] p7 = cols[base + e0 + 7];
      for (int r = 0; r < rows; r++) {
        int k = (o0 + r) * terms + e0;
        Mac.madd8(acc[r], p0, p1, p2, p3, p4, p5, p6, p7,
            w[k], w[k + 1], w[k + 2], w[k + 3], w[k + 4], w[k + 5], w[k + 6], w[k + 7], n);
      }
    }
    if (e0 < terms) {
      int[] rowsOf = new int[terms - e0];
      for (int j = 0; j < rowsOf.length; j++) {
        rowsOf[j] = base + e0 + j;
      }
      for (int r = 0; r < rows; r++) {
        Mac.maddFew(acc[r], cols, rowsOf, rowsOf.length, w, (o0 + r) * terms + e0, 1, n);
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
