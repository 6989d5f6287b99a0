package bsc.sim.fp32;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A 1x1 convolution on channels-last activations is one matrix product, [N*H*W, Cin] x [Cin, Cout],
 * with no im2col and no layout change. Through Nd4j.gemm it runs on oneDNN's matmul with the weight
 * transposed once and kept; libnd4j's conv2d instead re-lays out the weight on every call, which for
 * the 2048-channel 1x1 convs of a ResNet costs more than the product itself.
 */
final class PointwiseConv {
  private PointwiseConv() {}

  static INDArray run(KernelContext ctx, INDArray x, INDArray w, INDArray b, long[] strides) {
    INDArray in = ChannelsLast.nhwc(x);
    boolean strided = strides[0] != 1 || strides[1] != 1;
    if (strided) {
      in = in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, strides[0], in.size(1)),
          NDArrayIndex.interval(0, strides[1], in.size(2)), NDArrayIndex.all()).dup('c');
    }
    long n = in.size(0);
    long h = in.size(1);
    long wd = in.size(2);
    long cout = w.size(0);
    INDArray wt = ctx.prepared(1, "cin-cout", k -> k.reshape('c', new long[] {k.size(0), k.size(1)}).transpose().dup('c'));
    INDArray y = Nd4j.gemm(in.reshape('c', new long[] {n * h * wd, in.size(3)}), wt, false, false);
    if (b != null) {
      y.addiRowVector(b);
    }
    if (strided) {
      NdArrays.free(in);
    }
    if (!ctx.isPrepared(1, "cin-cout")) {
      NdArrays.free(wt);
    }
    return ChannelsLast.view(y.reshape('c', new long[] {n, h, wd, cout}));
  }
}
