package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Transpose by {@code perm} (default: reverse the axes), materialised in C order. */
final class TransposeKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    long[] perm = node.attrs().getInts("perm", null);
    int[] p = new int[x.rank()];
    for (int i = 0; i < p.length; i++) {
      p[i] = perm == null ? p.length - 1 - i : (int) perm[i];
    }
    if (x.isEmpty()) {
      long[] shape = new long[p.length];
      for (int i = 0; i < p.length; i++) {
        shape[i] = x.size(p[i]);
      }
      ctx.out(Shapes.reshape(x, shape));
      return;
    }
    ctx.out(x.rank() < 2 ? x : x.permute(p).dup('c'));
  }
}
