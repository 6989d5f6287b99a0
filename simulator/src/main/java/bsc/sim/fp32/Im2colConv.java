package bsc.sim.fp32;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.Pad;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A KxK convolution as im2col plus one GEMM on channels-last activations, for the deep layers whose
 * weights outweigh their activations (Cout at least N*OH*OW, e.g. ResNet's 7x7 and 14x14 stages).
 * libnd4j's conv2d re-lays out the weight for oneDNN on every call, which there costs more than the
 * convolution; here the weight is laid out once ([kh*kw*Cin, Cout]) and the patch matrix is small.
 */
final class Im2colConv {
  private Im2colConv() {}

  /** Whether a conv of this geometry should take this path. */
  static boolean pays(long batch, long outH, long outW, long cout) {
    return cout >= batch * outH * outW;
  }

  static INDArray run(KernelContext ctx, INDArray x, INDArray w, INDArray b, long[] k, long[] s, long[] p) {
    INDArray in = ChannelsLast.nhwc(x);
    long n = in.size(0);
    long cin = in.size(3);
    long oh = (in.size(1) + 2 * p[0] - k[0]) / s[0] + 1;
    long ow = (in.size(2) + 2 * p[1] - k[1]) / s[1] + 1;
    INDArray padded = p[0] == 0 && p[1] == 0 ? in
        : Nd4j.pad(in, new int[][] {{0, 0}, {(int) p[0], (int) p[0]}, {(int) p[1], (int) p[1]}, {0, 0}},
            Pad.Mode.CONSTANT, 0);
    INDArray cols = Nd4j.createUninitialized(in.dataType(), new long[] {n, oh, ow, k[0] * k[1], cin}, 'c');
    for (long i = 0; i < k[0]; i++) {
      for (long j = 0; j < k[1]; j++) {
        INDArray tap = padded.get(NDArrayIndex.all(), NDArrayIndex.interval(i, s[0], i + s[0] * (oh - 1) + 1),
            NDArrayIndex.interval(j, s[1], j + s[1] * (ow - 1) + 1), NDArrayIndex.all());
        cols.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i * k[1] + j),
            NDArrayIndex.all()).assign(tap);
      }
    }
    if (padded != in) {
      NdArrays.free(padded);
    }
    INDArray wt = ctx.prepared(1, "khkwcin-cout",
        v -> v.permute(2, 3, 1, 0).dup('c').reshape('c', new long[] {k[0] * k[1] * v.size(1), v.size(0)}));
    INDArray y = Nd4j.gemm(cols.reshape('c', new long[] {n * oh * ow, k[0] * k[1] * cin}), wt, false, false);
    NdArrays.free(cols);
    if (!ctx.isPrepared(1, "khkwcin-cout")) {
      NdArrays.free(wt);
    }
    if (b != null) {
      y.addiRowVector(b);
    }
    return ChannelsLast.view(y.reshape('c', new long[] {n, oh, ow, w.size(0)}));
  }
}
