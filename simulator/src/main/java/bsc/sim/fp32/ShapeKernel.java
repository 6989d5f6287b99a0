package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape(data) with optional start/end: the dimensions as an int64 vector. */
final class ShapeKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    int rank = x.rank();
    long start = clamp(node.attrs().getInt("start", 0), rank);
    long end = clamp(node.attrs().getInt("end", rank), rank);
    long[] dims = new long[(int) Math.max(0, end - start)];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = x.size((int) start + i);
    }
    ctx.out(NdArrays.ofLongs(dims, dims.length));
  }

  private static long clamp(long v, int rank) {
    return Math.max(0, Math.min(rank, v < 0 ? v + rank : v));
  }
}
