package bsc.sim.fp32;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BiasAdd;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 1x1 convolution (stride 1, no pads) on channels-last activations is one matrix product,
 * [N*H*W, Cin] x [Cin, Cout], with no im2col and no layout change. It runs on libnd4j's matmul (oneDNN's
 * on this build) straight into a C-ordered [N*H*W, Cout] output, which is the NHWC result; the weight is
 * transposed once and kept.
 */
final class PointwiseConv {
  private PointwiseConv() {}

  static INDArray run(KernelContext ctx, INDArray x, INDArray w, INDArray b) {
    INDArray in = ChannelsLast.nhwc(x);
    long n = in.size(0);
    long h = in.size(1);
    long wd = in.size(2);
    long cout = w.size(0);
    INDArray wt = ctx.prepared(1, "cin-cout", k -> k.reshape('c', new long[] {k.size(0), k.size(1)}).transpose().dup('c'));
    INDArray y = ctx.allocate(x.dataType(), n * h * wd, cout);
    Nd4j.exec(new Mmul(in.reshape('c', new long[] {n * h * wd, in.size(3)}), wt, y, null));
    if (b != null) {
      Nd4j.exec(new BiasAdd(y, b, y, false));
    }
    if (!ctx.isPrepared(1, "cin-cout")) {
      NdArrays.free(wt);
    }
    return ChannelsLast.view(y.reshape('c', new long[] {n, h, wd, cout}));
  }
}
