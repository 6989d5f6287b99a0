package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Scale and zero point of (de)quantization, per tensor or per channel of {@code axis}. */
final class PerAxis {
  final double[] scale;
  final double[] zeroPoint;
  private final long inner;
  private final int channels;

  private PerAxis(double[] scale, double[] zeroPoint, long inner) {
    this.scale = scale;
    this.zeroPoint = zeroPoint;
    this.inner = inner;
    this.channels = scale.length;
  }

  static PerAxis of(Node node, KernelContext ctx, INDArray x) {
    double[] scale = NdArrays.doubles(ctx.in(1));
    double[] zp = ctx.has(2) ? NdArrays.doubles(ctx.in(2)) : new double[scale.length];
    if (scale.length == 1) {
      return new PerAxis(scale, zp, 1);
    }
    int axis = Shapes.axis(node.attrs().getInt("axis", 1), x.rank());
    long inner = 1;
    for (int i = axis + 1; i < x.rank(); i++) {
      inner *= x.size(i);
    }
    return new PerAxis(scale, zp, inner);
  }

  /** Channel of flat element {@code i}. */
  int channel(int i) {
    return channels == 1 ? 0 : (int) ((i / inner) % channels);
  }
}
