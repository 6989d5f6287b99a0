package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Split(input, split?) along {@code axis}: given sizes, or equal chunks with a smaller last one. */
final class SplitKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    int axis = Shapes.axis(node.attrs().getInt("axis", 0), x.rank());
    int outputs = node.outputs().size();
    long extent = x.size(axis);
    long[] sizes = ctx.longs(1);
    if (sizes == null) {
      sizes = new long[outputs];
      long chunk = (extent + outputs - 1) / outputs;
      for (int i = 0; i < outputs; i++) {
        sizes[i] = Math.max(0, Math.min(chunk, extent - chunk * i));
      }
    }
    long from = 0;
    for (int i = 0; i < outputs; i++) {
      long[] shape = x.shape().clone();
      shape[axis] = sizes[i];
      if (sizes[i] == 0) {
        ctx.out(i, Nd4j.create(x.dataType(), shape));
        continue;
      }
      INDArrayIndex[] idx = new INDArrayIndex[x.rank()];
      for (int d = 0; d < idx.length; d++) {
        idx[d] = NDArrayIndex.all();
      }
      idx[axis] = NDArrayIndex.interval(from, from + sizes[i]);
      ctx.out(i, x.get(idx).dup('c').reshape('c', shape));
      from += sizes[i];
    }
  }
}
