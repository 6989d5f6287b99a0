package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BatchNormalization in inference mode, y = (x - mean) / sqrt(var + epsilon) * scale + B, computed as
 * one per-channel multiply-add whose factors are formed in double precision.
 */
final class BatchNormKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    double eps = node.attrs().getFloat("epsilon", 1e-5f);
    double[] scale = ctx.in(1).toDoubleVector();
    double[] bias = ctx.in(2).toDoubleVector();
    double[] mean = ctx.in(3).toDoubleVector();
    double[] var = ctx.in(4).toDoubleVector();
    int c = scale.length;
    double[] mul = new double[c];
    double[] add = new double[c];
    for (int i = 0; i < c; i++) {
      mul[i] = scale[i] / Math.sqrt(var[i] + eps);
      add[i] = bias[i] - mean[i] * mul[i];
    }
    INDArray m = org.nd4j.linalg.factory.Nd4j.createFromArray(mul).castTo(x.dataType());
    INDArray a = org.nd4j.linalg.factory.Nd4j.createFromArray(add).castTo(x.dataType());
    INDArray y = Broadcast.MUL.apply(x, Broadcast.perChannel(m, x.rank()));
    ctx.out(Broadcast.ADD.applyInPlace(y, Broadcast.perChannel(a, x.rank())));
  }
}
