package bsc.sim.fp32;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element moves by an index map, for the data-movement ops whose ND4J forms do not cover ONNX's
 * semantics (negative indices, edge/wrap pads): out[i] = src[index[i]], or {@code fill} where
 * index[i] is -1. Works for every element type: floating types go through double, which holds
 * float values exactly; integer and bool types go through long.
 */
final class IndexCopy {
  private IndexCopy() {}

  static INDArray take(INDArray src, long[] outShape, int[] index, double fill) {
    DataType t = src.dataType();
    if (index.length == 0) {
      return Nd4j.create(t, outShape);
    }
    INDArray flat;
    if (t.isFPType()) {
      double[] v = NdArrays.doubles(src);
      double[] r = new double[index.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = index[i] < 0 ? fill : v[index[i]];
      }
      flat = Nd4j.createFromArray(r);
    } else {
      long[] v = src.length() == 0 ? new long[0]
          : src.reshape('c', new long[] {src.length()}).castTo(DataType.LONG).toLongVector();
      long[] r = new long[index.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = index[i] < 0 ? (long) fill : v[index[i]];
      }
      flat = Nd4j.createFromArray(r);
    }
    return NdArrays.shaped(flat.castTo(t), outShape);
  }
}
