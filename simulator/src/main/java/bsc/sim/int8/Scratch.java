package bsc.sim.int8;

/**
 * One thread's working arrays, grown on demand and reused by every layer: im2col rows (plus a spare row the
 * kernels clear for use as a zero row), exact float partial sums and int32 accumulators, each {@code length}
 * long.
 */
final class Scratch {
  float[][] cols = new float[0][];
  float[][] sums = new float[0][];
  int[][] acc = new int[0][];
  int[] vector = new int[0];
  /** A conv's input widened to float (used in the first thread's scratch only). */
  float[] input;
  /** A micro-kernel's float sums on their way to the int32 accumulators. */
  float[] stripSums = new float[0];
  /** The vector path's int32 accumulators of one strip of 8 channels. */
  int[] stripAcc = new int[0];
  /** The vector path's output bytes of a chunk of grid positions, 8 channels. */
  byte[] rowBytes = new byte[0];
  private int length;

  /** Makes room for {@code rows} im2col rows plus the zero row, and {@code accRows} accumulators, of {@code len} ints. */
  void ensure(int rows, int accRows, int len) {
    if (len > length) {
      length = len;
      cols = new float[0][];
      sums = new float[0][];
      acc = new int[0][];
    }
    if (cols.length < rows + 1) {
      float[][] c = new float[rows + 1][];
      for (int i = 0; i < c.length; i++) {
        c[i] = i < cols.length ? cols[i] : new float[length];
      }
      cols = c;
    }
    if (sums.length < accRows) {
      float[][] a = new float[accRows][];
      for (int i = 0; i < a.length; i++) {
        a[i] = i < sums.length ? sums[i] : new float[length];
      }
      sums = a;
    }
    if (acc.length < accRows) {
      int[][] a = new int[accRows][];
      for (int i = 0; i < a.length; i++) {
        a[i] = i < acc.length ? acc[i] : new int[length];
      }
      acc = a;
    }
  }

  float[] sums(int len) {
    if (stripSums.length < len) {
      stripSums = new float[len];
    }
    return stripSums;
  }

  int[] stripAcc(int len) {
    if (stripAcc.length < len) {
      stripAcc = new int[len];
    }
    return stripAcc;
  }

  byte[] rowBytes(int len) {
    if (rowBytes.length < len) {
      rowBytes = new byte[len];
    }
    return rowBytes;
  }

  int[] vector(int len) {
    if (vector.length < len) {
      vector = new int[len];
    }
    return vector;
  }
}
