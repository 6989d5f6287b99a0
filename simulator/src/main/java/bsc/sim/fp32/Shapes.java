package bsc.sim.fp32;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shape helpers of the data-movement kernels. */
final class Shapes {
  private Shapes() {}

  static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** {@code x} with a new shape of the same element count; a view when ND4J can make one. */
  static INDArray reshape(INDArray x, long[] shape) {
    if (x.isEmpty() || elements(shape) == 0) {
      return Nd4j.create(x.dataType(), shape);
    }
    return x.reshape('c', shape);
  }

  static int axis(long axis, int rank) {
    return (int) (axis < 0 ? axis + rank : axis);
  }
}
