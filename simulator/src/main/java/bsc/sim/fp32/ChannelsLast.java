package bsc.sim.fp32;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Channels-last storage behind channels-first values. Every value keeps its IR (NCHW) shape, but a
 * 4-D activation made by conv, pooling and element-wise kernels is stored NHWC and handed on as a
 * permuted NCHW view of that buffer. oneDNN's convolutions compute in NHWC, so a chain of convs then
 * runs without converting layouts before and after each one (measured 1.6-2.2x faster per conv);
 * kernels that know nothing of this just see a strided NCHW array.
 */
final class ChannelsLast {
  private ChannelsLast() {}

  /** Whether {@code a} is a 4-D NCHW view of a dense NHWC buffer. */
  static boolean isBacked(INDArray a) {
    return a.rank() == 4 && !a.isEmpty() && dense(permuted(a.shape()), permuted(a.stride()));
  }

  /** An NCHW shape or stride vector in NHWC order (read from the arrays: no ND4J view is made). */
  private static long[] permuted(long[] nchw) {
    return new long[] {nchw[0], nchw[2], nchw[3], nchw[1]};
  }

  /** Whether {@code a}'s elements lie densely in C order (unit axes may have any stride). */
  static boolean dense(INDArray a) {
    return dense(a.shape(), a.stride());
  }

  private static boolean dense(long[] shape, long[] stride) {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** The NHWC array of a 4-D NCHW value: the backing buffer itself when it has one, else a copy. */
  static INDArray nhwc(INDArray nchw) {
    if (!isBacked(nchw)) {
      return nchw.permute(0, 2, 3, 1).dup('c');
    }
    // A fresh C-ordered header over the same buffer: a permuted view is not marked dense, and
    // libnd4j's oneDNN kernels then fall back to their slow generic loops.
    long[] shape = permuted(nchw.shape());
    long[] stride = {shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1};
    return Nd4j.create(nchw.data(), shape, stride, nchw.offset(), 'c');
  }

  /**
   * {@code a} as an operand of a channels-last element-wise op producing a 4-D result: padded to rank
   * 4 with leading unit axes and permuted to NHWC; a copy only when it is not dense that way.
   */
  static INDArray operand(INDArray a) {
    INDArray a4 = a;
    if (a.rank() < 4) {
      long[] s = new long[4];
      java.util.Arrays.fill(s, 1);
      System.arraycopy(a.shape(), 0, s, 4 - a.rank(), a.rank());
      a4 = a.reshape('c', s);
    }
    return nhwc(a4);
  }

  /** {@code f} applied to the NHWC storage of a channels-last value, as a channels-last value; else to x. */
  static INDArray map(INDArray x, java.util.function.UnaryOperator<INDArray> f) {
    return isBacked(x) ? view(f.apply(nhwc(x))) : f.apply(x);
  }

  /** {@code f} applied in place to {@code x}'s storage (dense NHWC when channels-last); returns x. */
  static INDArray mapInPlace(INDArray x, java.util.function.Consumer<INDArray> f) {
    f.accept(isBacked(x) ? nhwc(x) : x);
    return x;
  }

  /** The NCHW view of a dense NHWC array (no copy). */
  static INDArray view(INDArray nhwc) {
    return nhwc.permute(0, 3, 1, 2);
  }
}
