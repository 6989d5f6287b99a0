package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pad(data, pads, constant_value?, axes?) in modes constant, reflect, edge and wrap; negative pads
 * crop. Each output coordinate maps to one source coordinate per axis (or to the constant).
 */
final class PadKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    int rank = x.rank();
    long[] pads = ctx.longs(1);
    double value = ctx.has(2) ? ctx.in(2).getDouble(0) : 0;
    long[] axes = ctx.longs(3);
    if (axes == null) {
      axes = new long[rank];
      for (int i = 0; i < rank; i++) {
        axes[i] = i;
      }
    }
    long[] begin = new long[rank];
    long[] end = new long[rank];
    for (int i = 0; i < axes.length; i++) {
      int a = Shapes.axis(axes[i], rank);
      begin[a] = pads[i];
      end[a] = pads[i + axes.length];
    }
    String mode = node.attrs().getString("mode", "constant");
    long[] in = x.shape();
    long[] out = new long[rank];
    int[][] source = new int[rank][];
    for (int d = 0; d < rank; d++) {
      out[d] = in[d] + begin[d] + end[d];
      source[d] = new int[(int) out[d]];
      for (int o = 0; o < out[d]; o++) {
        source[d][o] = (int) sourceCoordinate(o - begin[d], in[d], mode, ctx);
      }
    }
    ctx.out(IndexCopy.take(x, out, flatten(source, in, out), value));
  }

  /** Source coordinate for padded coordinate {@code c} (may be outside [0, n)), or -1 for the constant. */
  private static long sourceCoordinate(long c, long n, String mode, KernelContext ctx) {
    if (c >= 0 && c < n) {
      return c;
    }
    switch (mode) {
      case "constant":
        return -1;
      case "edge":
        return c < 0 ? 0 : n - 1;
      case "wrap":
        return Math.floorMod(c, n);
      case "reflect":
        if (n == 1) {
          return 0;
        }
        long period = 2 * (n - 1);
        long m = Math.floorMod(c, period);
        return m < n ? m : period - m;
      default:
        throw ctx.fail("unknown pad mode '" + mode + "'");
    }
  }

  private static int[] flatten(int[][] source, long[] in, long[] out) {
    int total = (int) Shapes.elements(out);
    int[] map = new int[total];
    int rank = out.length;
    long[] coord = new long[rank];
    for (int i = 0; i < total; i++) {
      long rem = i;
      for (int d = rank - 1; d >= 0; d--) {
        coord[d] = rem % out[d];
        rem /= out[d];
      }
      long idx = 0;
      boolean fill = false;
      for (int d = 0; d < rank; d++) {
        int s = source[d][(int) coord[d]];
        fill |= s < 0;
        idx = idx * in[d] + Math.max(s, 0);
      }
      map[i] = fill ? -1 : (int) idx;
    }
    return map;
  }
}
