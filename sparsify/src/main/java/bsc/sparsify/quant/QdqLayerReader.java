package bsc.sparsify.quant;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;

/** The int8 weight and int32 bias of a QDQ Conv or Gemm, read from their DequantizeLinear initializers. */
final class QdqLayerReader {
  private QdqLayerReader() {}

  /** int8 weights in the layer layout ([Cout][Cin/group][kh][kw], or [out][in]) and their fix positions. */
  record Weights(Shape shape, byte[] q, int[] fix) {
    int outChannels() {
      return (int) shape.dim(0);
    }

    Tensor dequantized() {
      int k = q.length / outChannels();
      float[] v = new float[q.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = FixedPoint.dequantize(q[i], fix[fix.length == 1 ? 0 : i / k]);
      }
      return Tensor.ofFloats(shape, v);
    }
  }

  static Weights weights(Graph g, Node n) {
    Node dq = g.producer(n.input(1));
    Tensor w = g.initializer(dq.input(0));
    String where = "weight " + dq.input(0);
    if (w.dtype() != DataType.INT8) {
      throw new BscException(where, "must be int8, not " + w.dtype().shortName());
    }
    if (n.op() == OpType.CONV ? w.shape().rank() != 4 : w.shape().rank() != 2) {
      throw new BscException(where, "has shape " + w.shape() + ", not a 2-D conv or a fully connected weight");
    }
    if (n.op() == OpType.GEMM && (n.attrs().getInt("transB", 0) != 1 || n.attrs().getInt("transA", 0) != 0
        || n.attrs().getFloat("alpha", 1f) != 1f || n.attrs().getFloat("beta", 1f) != 1f)) {
      throw new BscException("node " + n.name(), "INT8 Gemm from a QDQ model needs transB = 1, transA = 0 and "
          + "alpha = beta = 1 (the form bsc quantize writes)");
    }
    int cout = (int) w.shape().dim(0);
    return new Weights(w.shape(), w.toByteArray(), scales(g, dq, cout, DataType.INT8, where));
  }

  /** Per-tensor or per-output-channel (axis 0) power-of-two scales of a constant DequantizeLinear. */
  private static int[] scales(Graph g, Node dq, int cout, DataType zeroType, String where) {
    Tensor scale = g.knownValue(dq.input(1));
    Tensor zp = dq.inputs().size() > 2 && !dq.input(2).isEmpty() ? g.knownValue(dq.input(2)) : null;
    if (scale == null || (scale.elements() != 1 && scale.elements() != cout)) {
      throw new BscException(where, "needs a constant scale per tensor or per output channel");
    }
    if (scale.elements() > 1 && dq.attrs().getInt("axis", 1) != 0) {
      throw new BscException(where, "per-channel scales must be on axis 0 (the output channels)");
    }
    if (zp != null && (zp.dtype() != zeroType || zp.elements() != scale.elements())) {
      throw new BscException(where, "zero point must be " + zeroType.shortName() + " zeros");
    }
    int[] fix = new int[(int) scale.elements()];
    for (int i = 0; i < fix.length; i++) {
      if (zp != null && zp.getLong(i) != 0) {
        throw new BscException(where, "zero point must be 0 (bsc's scales are symmetric)");
      }
      // a bias's scale is the product of two: its exponent spans twice the range
      int widen = zeroType == DataType.INT32 ? 2 : 1;
      fix[i] = powerOfTwo(scale.getDouble(i), widen * FixedPoint.MIN_FIX, widen * FixedPoint.MAX_FIX, where);
    }
    return fix;
  }

  static int powerOfTwo(double scale, String where) {
    return powerOfTwo(scale, FixedPoint.MIN_FIX, FixedPoint.MAX_FIX, where);
  }

  private static int powerOfTwo(double scale, int minFix, int maxFix, String where) {
    int f = -Math.getExponent(scale);
    if (!(scale > 0) || Math.scalb(1.0, -f) != scale || f < minFix || f > maxFix) {
      throw new BscException(where, "scale " + scale + " is not a power of two 2^-f with f in [" + minFix + ", "
          + maxFix + "] (bsc runs power-of-two INT8 models)");
    }
    return f;
  }

  /** The int32 bias at the accumulator's scale 2^-(inFix + weightFix), or zeros when the layer has none. */
  static int[] bias(Graph g, Node n, int cout, int inFix, int[] weightFix) {
    if (n.inputs().size() < 3 || n.input(2).isEmpty()) {
      return new int[cout];
    }
    Node dq = g.producer(n.input(2));
    if (dq == null || dq.op() != OpType.DEQUANTIZE_LINEAR || !g.isInitializer(dq.input(0))) {
      throw new BscException("node " + n.name(), "bias must be the DequantizeLinear of an int32 initializer");
    }
    Tensor b = g.initializer(dq.input(0));
    String where = "bias " + dq.input(0);
    if (b.dtype() != DataType.INT32 || b.elements() != cout) {
      throw new BscException(where, "must be " + cout + " int32 values");
    }
    int[] fix = scales(g, dq, cout, DataType.INT32, where);
    int[] v = new int[cout];
    for (int o = 0; o < cout; o++) {
      int want = inFix + weightFix[weightFix.length == 1 ? 0 : o];
      if (fix[fix.length == 1 ? 0 : o] != want) {
        throw new BscException(where, "scale of channel " + o + " is 2^-" + fix[fix.length == 1 ? 0 : o]
            + ", not the accumulator's 2^-" + want + " (input scale times weight scale)");
      }
      v[o] = (int) b.getLong(o);
    }
    return v;
  }

  /** The bias as float (for the graph's record; the executor adds the int32 values). */
  static Tensor dequantizedBias(int[] bias, int inFix, int[] weightFix) {
    float[] v = new float[bias.length];
    for (int o = 0; o < v.length; o++) {
      v[o] = (float) Math.scalb((double) bias[o], -(inFix + weightFix[weightFix.length == 1 ? 0 : o]));
    }
    return Tensor.ofFloats(Shape.of(v.length), v);
  }

  /** Clip's bound {@code i} (1 = min, 2 = max) as a constant scalar, or {@code absent}. */
  static float clipBound(Graph g, Node clip, int i, float absent) {
    if (clip.inputs().size() <= i || clip.input(i).isEmpty()) {
      return absent;
    }
    Tensor t = g.knownValue(clip.input(i));
    if (t == null || t.elements() != 1) {
      throw new BscException("node " + clip.name(), "INT8 Clip needs constant scalar bounds");
    }
    return (float) t.getDouble(0);
  }
}
