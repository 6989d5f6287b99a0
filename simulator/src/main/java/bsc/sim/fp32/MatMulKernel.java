package bsc.sim.fp32;

import bsc.ir.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * MatMul with NumPy semantics (on Nd4j.gemm, which reaches oneDNN's matmul; INDArray.mmul is several
 * times slower): 1-D operands are promoted to matrices (and the added axis removed
 * again), leading batch axes broadcast, and each batch element is one ND4J matrix product.
 */
final class MatMulKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray a = ctx.in(0);
    INDArray b = ctx.in(1);
    boolean aVec = a.rank() == 1;
    boolean bVec = b.rank() == 1;
    if (aVec) {
      a = a.reshape('c', new long[] {1, a.length()});
    }
    if (bVec) {
      b = b.reshape('c', new long[] {b.length(), 1});
    }
    long m = a.size(-2);
    long k = a.size(-1);
    long n = b.size(-1);
    long[] batch = Broadcast.shape(
        Arrays.copyOf(a.shape(), a.rank() - 2), Arrays.copyOf(b.shape(), b.rank() - 2));
    long count = 1;
    for (long d : batch) {
      count *= d;
    }
    INDArray y;
    if (batch.length == 0) {
      y = Nd4j.gemm(a, b, false, false);
    } else {
      INDArray a3 = expand(a, batch, m, k).reshape('c', new long[] {count, m, k});
      INDArray b3 = expand(b, batch, k, n).reshape('c', new long[] {count, k, n});
      y = Nd4j.create(a.dataType(), count, m, n);
      for (long i = 0; i < count; i++) {
        INDArray ai = a3.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray bi = b3.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray yi = Nd4j.gemm(ai, bi, false, false);
        y.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all()).assign(yi);
        NdArrays.free(yi);
      }
      long[] shape = Arrays.copyOf(batch, batch.length + 2);
      shape[batch.length] = m;
      shape[batch.length + 1] = n;
      y = y.reshape('c', shape);
    }
    long[] s = y.shape();
    if (aVec && bVec) {
      y = y.reshape('c', Arrays.copyOf(s, s.length - 2));
    } else if (aVec) {
      long[] r = Arrays.copyOf(s, s.length - 1);
      r[r.length - 1] = s[s.length - 1];
      y = y.reshape('c', r);
    } else if (bVec) {
      y = y.reshape('c', Arrays.copyOf(s, s.length - 1));
    }
    ctx.out(y);
  }

  /** {@code x} broadcast to batch + [rows, cols], as a contiguous array. */
  private static INDArray expand(INDArray x, long[] batch, long rows, long cols) {
    long[] target = Arrays.copyOf(batch, batch.length + 2);
    target[batch.length] = rows;
    target[batch.length + 1] = cols;
    if (Arrays.equals(x.shape(), target)) {
      return x.dup('c');
    }
    long[] padded = new long[target.length];
    Arrays.fill(padded, 1);
    System.arraycopy(x.shape(), 0, padded, target.length - x.rank(), x.rank());
    return x.reshape('c', padded).broadcast(target).dup('c');
  }
}
