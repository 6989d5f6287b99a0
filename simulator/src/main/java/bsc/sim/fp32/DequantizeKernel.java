package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** DequantizeLinear: y = (x - zero_point) * scale, per tensor or per {@code axis}. */
final class DequantizeKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    double[] v = NdArrays.doubles(x);
    PerAxis q = PerAxis.of(node, ctx, x);
    float[] r = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      int c = q.channel(i);
      r[i] = (float) ((v[i] - q.zeroPoint[c]) * q.scale[c]);
    }
    ctx.out(NdArrays.shaped(Nd4j.createFromArray(r).castTo(ctx.in(1).dataType()), x.shape()));
  }
}
