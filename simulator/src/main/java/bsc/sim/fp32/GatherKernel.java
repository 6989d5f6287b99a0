package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Gather(data, indices) along {@code axis}; negative indices count from the end. */
final class GatherKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray data = ctx.in(0);
    long[] idx = ctx.longs(1);
    long[] idxShape = ctx.in(1).shape();
    int axis = Shapes.axis(node.attrs().getInt("axis", 0), data.rank());
    long extent = data.size(axis);
    long outer = 1;
    long inner = 1;
    for (int i = 0; i < data.rank(); i++) {
      if (i < axis) {
        outer *= data.size(i);
      } else if (i > axis) {
        inner *= data.size(i);
      }
    }
    long[] shape = new long[data.rank() - 1 + idxShape.length];
    int j = 0;
    for (int i = 0; i < axis; i++) {
      shape[j++] = data.size(i);
    }
    for (long d : idxShape) {
      shape[j++] = d;
    }
    for (int i = axis + 1; i < data.rank(); i++) {
      shape[j++] = data.size(i);
    }
    int[] map = new int[(int) (outer * idx.length * inner)];
    int at = 0;
    for (long o = 0; o < outer; o++) {
      for (long raw : idx) {
        long k = raw < 0 ? raw + extent : raw;
        if (k < 0 || k >= extent) {
          throw ctx.fail("index " + raw + " out of range for axis of size " + extent);
        }
        for (long i = 0; i < inner; i++) {
          map[at++] = (int) ((o * extent + k) * inner + i);
        }
      }
    }
    ctx.out(IndexCopy.take(data, shape, map, 0));
  }
}
