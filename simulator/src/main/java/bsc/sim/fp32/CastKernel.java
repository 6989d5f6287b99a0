package bsc.sim.fp32;

import bsc.ir.DataType;
import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Cast to the element type {@code to}; float to integer and float to bfloat16 truncate. */
final class CastKernel implements OpKernel {
  @Override
  public void run(Node node, KernelContext ctx) {
    DataType to = DataType.fromOnnx((int) node.attrs().getInt("to", 0));
    if (to == null) {
      throw ctx.fail("unsupported cast target type " + node.attrs().getInt("to", 0));
    }
    INDArray x = ctx.in(0);
    if (to == DataType.BFLOAT16 && x.dataType().isFPType()) {
      // ONNX's reference (and its stored test outputs) truncate to bfloat16; ND4J would round.
      float[] v = NdArrays.floats(x);
      for (int i = 0; i < v.length; i++) {
        v[i] = Float.intBitsToFloat(Float.floatToRawIntBits(v[i]) & 0xffff0000);
      }
      ctx.out(NdArrays.ofFloats(v, x.shape()).castTo(NdArrays.nd(to)));
      return;
    }
    ctx.out(x.dataType() == NdArrays.nd(to) ? x : x.castTo(NdArrays.nd(to)));
  }
}
