package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * QuantizeLinear: y = saturate(round_half_even(x / scale) + zero_point) to int8 or uint8 (the zero
 * point's type; uint8 when absent), per tensor or per {@code axis}.
 */
final class QuantizeKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    INDArray x = ctx.in(0);
    double[] v = NdArrays.doubles(x);
    PerAxis q = PerAxis.of(node, ctx, x);
    DataType out = ctx.has(2) ? ctx.in(2).dataType() : DataType.UBYTE;
    double lo = out == DataType.BYTE ? -128 : 0;
    double hi = out == DataType.BYTE ? 127 : 255;
    long[] r = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      int c = q.channel(i);
      double y = Math.rint((float) (v[i] / q.scale[c])) + q.zeroPoint[c];
      r[i] = (long) Math.max(lo, Math.min(hi, y));
    }
    ctx.out(NdArrays.shaped(Nd4j.createFromArray(r).castTo(out), x.shape()));
  }
}
