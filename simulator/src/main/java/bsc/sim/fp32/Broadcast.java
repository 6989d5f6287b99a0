package bsc.sim.fp32;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.DivOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.factory.Nd4j;

/** Binary arithmetic with ONNX's multidirectional (NumPy) broadcasting, on libnd4j's broadcastable ops. */
enum Broadcast {
  ADD, SUB, MUL, DIV;

  /**
   * {@code a op b} as a new array of the broadcast shape; channels-last when the result is 4-D and an
   * operand is (libnd4j's broadcasting over permuted views is several times slower than over dense ones).
   */
  INDArray apply(INDArray a, INDArray b) {
    return apply(a, b, (t, s) -> Nd4j.createUninitialized(t, s, 'c'));
  }

  /** Where a result goes: a new C-ordered array of a type and shape. */
  interface Allocator {
    INDArray array(org.nd4j.linalg.api.buffer.DataType type, long[] shape);
  }

  /** {@code a op b}, the result allocated by {@code alloc}. */
  INDArray apply(INDArray a, INDArray b, Allocator alloc) {
    long[] shape = shape(a.shape(), b.shape());
    if (a.isEmpty() || b.isEmpty()) {
      return Nd4j.create(a.dataType(), shape);
    }
    if (shape.length == 4 && (ChannelsLast.isBacked(a) || ChannelsLast.isBacked(b))) {
      long[] nhwc = {shape[0], shape[2], shape[3], shape[1]};
      INDArray out = alloc.array(a.dataType(), nhwc);
      Nd4j.exec(op(ChannelsLast.operand(a), ChannelsLast.operand(b), out));
      return ChannelsLast.view(out);
    }
    INDArray out = alloc.array(a.dataType(), shape);
    Nd4j.exec(op(a, b, out));
    return out;
  }

  /** {@code a op= b} where b broadcasts to a's shape. */
  INDArray applyInPlace(INDArray a, INDArray b) {
    if (a.rank() == 4 && ChannelsLast.isBacked(a)) {
      INDArray dense = ChannelsLast.nhwc(a);
      Nd4j.exec(op(dense, ChannelsLast.operand(b), dense));
      return a;
    }
    Nd4j.exec(op(a, b, a));
    return a;
  }

  private DynamicCustomOp op(INDArray a, INDArray b, INDArray out) {
    return switch (this) {
      case ADD -> new AddOp(a, b, out);
      case SUB -> new SubOp(a, b, out);
      case MUL -> new MulOp(a, b, out);
      case DIV -> new DivOp(a, b, out);
    };
  }

  static long[] shape(long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException("shapes " + java.util.Arrays.toString(a) + " and "
            + java.util.Arrays.toString(b) + " do not broadcast");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** {@code v} (one value per channel) shaped [1, C, 1, ...] to broadcast over a rank-{@code rank} NC... tensor. */
  static INDArray perChannel(INDArray v, int rank) {
    long[] s = new long[rank];
    java.util.Arrays.fill(s, 1);
    s[1] = v.length();
    return v.reshape('c', s);
  }
}
