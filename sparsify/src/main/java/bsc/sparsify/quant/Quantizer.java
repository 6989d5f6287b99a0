package bsc.sparsify.quant;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Post-training INT8 quantization with power-of-two scales (paper-facts.md section 3): fix positions for
 * activations from calibration, for weights from their largest magnitude (per tensor or per output
 * channel), int32 biases at the accumulator's fix position, and per-channel requantization shifts.
 *
 * <p>Weights round to nearest, so a weight that is exactly zero (a pruned block) stays exactly zero.
 * Every layer's accumulator provably fits int32: |acc| <= K * 128 * 127 + |bias| < 2^31, K being the
 * products per output; when a large bias would break that bound, the weight fix position is lowered
 * until it holds, so a bias is never clipped.
 */
public final class Quantizer {
  private static final long ACC_LIMIT = Integer.MAX_VALUE;
  private static final long MAX_PRODUCT = (long) -FixedPoint.INT8_MIN * FixedPoint.INT8_MAX;

  private Quantizer() {}

  /** Calibrates on {@code inputs} through {@code source}, then quantizes. */
  public static QuantizedModel quantize(Graph g, CalibrationInputs inputs, ActivationSource source, QuantOptions o) {
    g = BatchNormAsConv.rewrite(g);
    checkSupported(g);
    return quantize(g, Calibration.observe(g, inputs, source), o);
  }

  public static QuantizedModel quantize(Graph g, Calibration cal, QuantOptions o) {
    g = BatchNormAsConv.rewrite(g);
    checkSupported(g);
    return build(g, v -> cal.range(v).fixPosition(o.method()), o, cal.samples(), cal.representative());
  }

  /**
   * Quantizes with activation fix positions the caller already knows (read from a QDQ model's scales, a
   * sidecar, or chosen by a test) instead of calibrating: {@code fix} must hold every graph input and the
   * output of every op with its own fix position; outputs of ops that keep their input's are derived.
   */
  public static QuantizedModel withFixPositions(Graph g, Map<String, Integer> fix, QuantOptions o) {
    g = BatchNormAsConv.rewrite(g);
    checkSupported(g);
    return build(g, v -> {
      Integer f = fix.get(v);
      if (f == null) {
        throw new BscException("value " + v, "no fix position given");
      }
      if (f < FixedPoint.MIN_FIX || f > FixedPoint.MAX_FIX) {
        throw new BscException("value " + v, "fix position " + f + " outside [" + FixedPoint.MIN_FIX + ", "
            + FixedPoint.MAX_FIX + "]");
      }
      return f;
    }, o, 0, true);
  }

  private static QuantizedModel build(Graph g, java.util.function.ToIntFunction<String> activationFix,
      QuantOptions o, int samples, boolean representative) {
    Map<String, Integer> fix = new LinkedHashMap<>();
    for (Value v : g.inputs()) {
      fix.put(v.name(), activationFix.applyAsInt(v.name()));
    }
    for (Node n : g.nodes()) {
      int f = Int8Rules.KEEP_FIX.contains(n.op()) ? fix.get(n.input(0)) : activationFix.applyAsInt(n.output());
      fix.put(n.output(), f);
    }
    Map<String, QuantizedLayer> layers = new LinkedHashMap<>();
    for (Node n : g.nodes()) {
      if (n.op() == OpType.CONV || n.op() == OpType.GEMM || n.op() == OpType.MAT_MUL) {
        try {
          layers.put(n.name(), layer(g, n, fix.get(n.input(0)), fix.get(n.output()), o.perChannel()));
        } catch (BscException e) {
          throw e.within("node " + n.name());
        }
      }
    }
    return new QuantizedModel(g, fix, layers, o, samples, representative);
  }

  /**
   * Throws for the first node without an INT8 form. A BatchNormalization left unfolded counts as the
   * depthwise 1x1 conv the quantizer turns it into ({@link BatchNormAsConv}).
   */
  public static void checkSupported(Graph g) {
    g = BatchNormAsConv.rewrite(g);
    for (Node n : g.nodes()) {
      Int8Rules.check(g, n);
    }
  }

  private static QuantizedLayer layer(Graph g, Node n, int inFix, int outFix, boolean perChannel) {
    FloatLayer fl = FloatLayer.of(g, n);
    int cout = fl.outChannels();
    int k = fl.weightsPerChannel();
    long headroom = ACC_LIMIT - k * MAX_PRODUCT;
    if (headroom <= 0) {
      throw new BscException("", k + " products per output overflow an INT32 accumulator");
    }
    int[] wf = new int[perChannel ? cout : 1];
    double tensorMax = 0;
    for (int o = 0; o < cout; o++) {
      tensorMax = Math.max(tensorMax, fl.maxAbs(o));
    }
    int tensorFix = tensorMax == 0 ? 0 : FixedPoint.fixPosition(tensorMax);
    for (int o = 0; o < wf.length; o++) {
      double m = perChannel ? fl.maxAbs(o) : tensorMax;
      wf[o] = m == 0 ? tensorFix : FixedPoint.fixPosition(m);
    }
    // lower a weight fix position until its channels' biases fit beside the products
    for (int o = 0; o < cout; o++) {
      int i = perChannel ? o : 0;
      while (Math.abs(Math.rint(Math.scalb((double) fl.bias()[o], inFix + wf[i]))) > headroom) {
        if (wf[i] == FixedPoint.MIN_FIX) {
          throw new BscException("", "bias " + fl.bias()[o] + " of channel " + o + " cannot fit INT32");
        }
        wf[i]--;
      }
    }
    byte[] q = new byte[cout * k];
    int[] bias = new int[cout];
    int[] shift = new int[cout];
    float[] w = fl.weights();
    for (int o = 0; o < cout; o++) {
      int f = wf[perChannel ? o : 0];
      for (int j = 0; j < k; j++) {
        q[o * k + j] = (byte) FixedPoint.quantize(w[o * k + j], f);
      }
      bias[o] = FixedPoint.quantize32(fl.bias()[o], inFix + f);
      shift[o] = inFix + f - outFix;
    }
    int lo = FixedPoint.INT8_MIN;
    int hi = FixedPoint.INT8_MAX;
    String act = n.attrs().getString("activation", null);
    if ("relu".equals(act)) {
      lo = 0;
    } else if ("clip".equals(act)) {
      lo = FixedPoint.quantize(n.attrs().getFloat("activation_min", Float.NEGATIVE_INFINITY), outFix);
      hi = FixedPoint.quantize(n.attrs().getFloat("activation_max", Float.POSITIVE_INFINITY), outFix);
    }
    return new QuantizedLayer(n.name(), n.op(), inFix, outFix, fl.shape(), q, wf, bias, shift, lo, hi);
  }

  /** A layer's float weight in [Cout][Cin/group][taps] order and its bias (zeros when absent). */
  private record FloatLayer(Shape shape, float[] weights, float[] bias) {
    static FloatLayer of(Graph g, Node n) {
      Tensor wt = g.initializer(n.input(1));
      if (n.op() == OpType.CONV) {
        int cout = (int) wt.shape().dim(0);
        float[] b = n.hasInput(2) ? g.initializer(n.input(2)).toFloats() : new float[cout];
        return new FloatLayer(wt.shape(), wt.toFloats(), b);
      }
      boolean transB = n.op() == OpType.GEMM && n.attrs().getInt("transB", 0) != 0;
      int out = (int) (transB ? wt.shape().dim(0) : wt.shape().dim(1));
      int in = (int) (transB ? wt.shape().dim(1) : wt.shape().dim(0));
      double alpha = n.op() == OpType.GEMM ? n.attrs().getFloat("alpha", 1f) : 1;
      double beta = n.op() == OpType.GEMM ? n.attrs().getFloat("beta", 1f) : 1;
      float[] src = wt.toFloats();
      float[] w = new float[out * in];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          w[o * in + i] = (float) (alpha * src[transB ? o * in + i : i * out + o]);
        }
      }
      float[] b = new float[out];
      if (n.hasInput(2)) {
        float[] c = g.initializer(n.input(2)).toFloats();
        for (int o = 0; o < out; o++) {
          b[o] = (float) (beta * c[c.length == 1 ? 0 : o]);
        }
      }
      return new FloatLayer(Shape.of(out, in), w, b);
    }

    int outChannels() {
      return (int) shape.dim(0);
    }

    int weightsPerChannel() {
      return weights.length / outChannels();
    }

    double maxAbs(int o) {
      int k = weightsPerChannel();
      double m = 0;
      for (int j = o * k; j < (o + 1) * k; j++) {
        m = Math.max(m, Math.abs(weights[j]));
      }
      return m;
    }
  }
}
