package bsc.sim.int8;

/**
 * One thread's working arrays, grown on demand and reused by every layer: im2col rows (plus a spare row the
 * kernels clear for use as a zero row) and accumulators, each {@code length} ints.
 */
final class Scratch {
  int[][] cols = new int[0][];
  int[][] acc = new int[0][];
  int[] vector = new int[0];
  private int length;

  /** Makes room for {@code rows} im2col rows and {@code accRows} accumulators of {@code len} ints. */
  void ensure(int rows, int accRows, int len) {
    if (len > length) {
      length = len;
      cols = new int[0][];
      acc = new int[0][];
    }
    if (cols.length < rows + 1) {
      int[][] c = new int[rows + 1][];
      for (int i = 0; i < c.length; i++) {
        c[i] = i < cols.length ? cols[i] : new int[length];
      }
      cols = c;
    }
    if (acc.length < accRows) {
      int[][] a = new int[accRows][];
      for (int i = 0; i < a.length; i++) {
        a[i] = i < acc.length ? acc[i] : new int[length];
      }
      acc = a;
    }
  }

  int[] vector(int len) {
    if (vector.length < len) {
      vector = new int[len];
    }
    return vector;
  }
}
