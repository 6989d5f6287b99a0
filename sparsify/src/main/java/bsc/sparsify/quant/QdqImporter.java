package bsc.sparsify.quant;

import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a QDQ model of the form {@link QdqExporter} writes back into a {@link QuantizedModel} with the
 * file's own integers: int8 weights and int32 biases as stored, fix positions from the power-of-two scales,
 * so that {@code bsc run OUT.onnx --int8} runs exactly what {@code bsc quantize} wrote and ONNX Runtime runs.
 *
 * <p>Accepted: every float op output and graph input goes through one QuantizeLinear/DequantizeLinear pair
 * (int8, zero point 0, scale 2^-f); Conv and Gemm (transB = 1, alpha = beta = 1) read their weight and bias
 * through DequantizeLinear of int8 and int32 initializers, the bias at scale 2^-(input fix + weight fix);
 * a Conv or Gemm whose pair feeds only a Relu or Clip with a pair of the same scale is that layer with the
 * activation fused (bit for bit the same integers). Anything else is a one-line error.
 */
public final class QdqImporter {
  private final Graph g;
  /** Activation pairs: DequantizeLinear output to its fix position and the QuantizeLinear's float input. */
  private final Map<String, Integer> pairFix = new HashMap<>();
  private final Map<String, String> pairSource = new HashMap<>();
  /** Float value to the DequantizeLinear output of its pair. */
  private final Map<String, String> pairOf = new HashMap<>();
  private final Set<String> fused = new HashSet<>();

  private QdqImporter(Graph g) {
    this.g = g;
  }

  /** Whether the graph holds QuantizeLinear or DequantizeLinear nodes. */
  public static boolean isQdq(Graph g) {
    for (Node n : g.nodes()) {
      if (n.op() == OpType.QUANTIZE_LINEAR || n.op() == OpType.DEQUANTIZE_LINEAR) {
        return true;
      }
    }
    return false;
  }

  public static QuantizedModel toModel(Graph g) {
    return new QdqImporter(g).read();
  }

  private QuantizedModel read() {
    for (Node n : g.nodes()) {
      if (n.op() == OpType.DEQUANTIZE_LINEAR && !g.isInitializer(n.input(0))) {
        pair(n);
      }
    }
    Graph.Builder b = Graph.builder(g.name()).opset(g.opset());
    g.metadata().forEach(b::metadata);
    Map<String, Integer> fix = new LinkedHashMap<>();
    for (Value v : g.inputs()) {
      b.addInput(v.name(), v.type());
      fix.put(v.name(), fixOfPair(pairOf.get(v.name()), "input " + v.name()));
    }
    Map<String, QuantizedLayer> layers = new LinkedHashMap<>();
    boolean perChannel = false;
    for (Node n : g.nodes()) {
      if (n.op() == OpType.QUANTIZE_LINEAR || n.op() == OpType.DEQUANTIZE_LINEAR || fused.contains(n.name())) {
        continue;
      }
      try {
        String out = quantizedOutput(n);
        if ((n.op() == OpType.CONV || n.op() == OpType.GEMM) && isConstantDq(n.input(1))) {
          Node act = activation(out);
          String finalOut = act == null ? out : quantizedOutput(act);
          QuantizedLayer l = layer(b, n, act, fix.get(resolve(n.input(0))), pairFix.get(finalOut), finalOut);
          layers.put(n.name(), l);
          perChannel |= l.perChannel();
          fix.put(finalOut, l.outputFix());
        } else if (n.op() == OpType.CONV || n.op() == OpType.GEMM || n.op() == OpType.MAT_MUL) {
          throw new BscException("", "weight " + n.input(1) + " is not the DequantizeLinear of an int8 initializer");
        } else {
          List<String> in = new ArrayList<>();
          for (String s : n.inputs()) {
            in.add(s.isEmpty() ? s : constantOrResolved(b, s));
          }
          b.addNode(new Node(n.name(), n.op(), in, List.of(out), n.attrs()));
          fix.put(out, pairFix.get(out));
        }
      } catch (BscException e) {
        throw e.within("node " + n.name());
      }
    }
    for (Value v : g.outputs()) {
      if (!fix.containsKey(v.name())) {
        throw new BscException("output " + v.name(), "is not the DequantizeLinear of a quantized value");
      }
      b.addOutput(v.name());
    }
    Graph fg = b.build();
    checkKeptFixPositions(fg, fix);
    Quantizer.checkSupported(fg);
    QuantOptions o = QuantOptions.defaults().withPerChannel(perChannel);
    return new QuantizedModel(fg, fix, layers, o, 0, true);
  }

  /** Records the QuantizeLinear/DequantizeLinear pair ending at {@code dq}. */
  private void pair(Node dq) {
    String where = "node " + dq.name();
    Node q = g.producer(dq.input(0));
    if (q == null || q.op() != OpType.QUANTIZE_LINEAR) {
      throw new BscException(where, "DequantizeLinear of a value that no QuantizeLinear produces");
    }
    int f = fix(dq, where);
    if (fix(q, "node " + q.name()) != f) {
      throw new BscException(where, "QuantizeLinear and DequantizeLinear scales differ");
    }
    if (pairOf.containsKey(q.input(0))) {
      throw new BscException(where, "value " + q.input(0) + " is quantized twice");
    }
    pairFix.put(dq.output(), f);
    pairSource.put(dq.output(), q.input(0));
    pairOf.put(q.input(0), dq.output());
  }

  /** The fix position of a Q or DQ node's scalar power-of-two scale with int8 zero point 0. */
  private int fix(Node n, String where) {
    if (n.inputs().size() < 3 || n.input(2).isEmpty()) {
      throw new BscException(where, "needs an explicit int8 zero point (bsc's INT8 is int8, not uint8)");
    }
    Tensor scale = g.knownValue(n.input(1));
    Tensor zp = g.knownValue(n.input(2));
    if (scale == null || zp == null || scale.elements() != 1 || zp.elements() != 1) {
      throw new BscException(where, "scale and zero point must be constant scalars");
    }
    if (zp.dtype() != DataType.INT8 || zp.getLong(0) != 0) {
      throw new BscException(where, "zero point must be int8 0 (bsc's scales are symmetric)");
    }
    return QdqLayerReader.powerOfTwo(scale.getDouble(0), where);
  }

  private int fixOfPair(String dqOutput, String where) {
    Integer f = dqOutput == null ? null : pairFix.get(dqOutput);
    if (f == null) {
      throw new BscException(where, "is not quantized by a QuantizeLinear/DequantizeLinear pair");
    }
    return f;
  }

  /** The name of the quantized value of n's output: the DequantizeLinear output of its pair. */
  private String quantizedOutput(Node n) {
    String pair = pairOf.get(n.output());
    if (pair == null || n.outputs().size() != 1) {
      throw new BscException("node " + n.name(), "output " + n.output() + " is not quantized by a "
          + "QuantizeLinear/DequantizeLinear pair");
    }
    if (g.consumers(n.output()).size() != 1 || g.isGraphOutput(n.output())) {
      throw new BscException("node " + n.name(), "output " + n.output() + " is also read unquantized");
    }
    return pair;
  }

  /** A graph input's pair output reads as the input itself; other pair outputs are the quantized values. */
  private String resolve(String v) {
    String src = pairSource.get(v);
    if (src != null && g.inputs().stream().anyMatch(x -> x.name().equals(src))) {
      return src;
    }
    if (!pairFix.containsKey(v)) {
      throw new BscException("value " + v, "is read unquantized (not the DequantizeLinear of a pair)");
    }
    return v;
  }

  private String constantOrResolved(Graph.Builder b, String v) {
    Tensor t = g.initializer(v);
    if (t != null) {
      b.addInitializer(v, t);
      return v;
    }
    return resolve(v);
  }

  private boolean isConstantDq(String v) {
    Node p = g.producer(v);
    return p != null && p.op() == OpType.DEQUANTIZE_LINEAR && g.isInitializer(p.input(0));
  }

  /** The Relu or Clip that alone reads pair {@code out} and whose own pair has the same scale, or null. */
  private Node activation(String out) {
    List<Node> readers = g.consumers(out);
    if (readers.size() != 1 || g.isGraphOutput(out)) {
      return null;
    }
    Node r = readers.get(0);
    if (r.op() != OpType.RELU && r.op() != OpType.CLIP || !pairOf.containsKey(r.output())
        || !pairFix.get(pairOf.get(r.output())).equals(pairFix.get(out))) {
      return null;
    }
    fused.add(r.name());
    return r;
  }

  private QuantizedLayer layer(Graph.Builder b, Node n, Node act, int inFix, int outFix, String out) {
    QdqLayerReader.Weights w = QdqLayerReader.weights(g, n);
    int cout = w.outChannels();
    int[] bias = QdqLayerReader.bias(g, n, cout, inFix, w.fix());
    int[] shift = new int[cout];
    for (int o = 0; o < cout; o++) {
      shift[o] = inFix + w.fix()[w.fix().length == 1 ? 0 : o] - outFix;
    }
    int lo = FixedPoint.INT8_MIN;
    int hi = FixedPoint.INT8_MAX;
    Attributes attrs = n.op() == OpType.CONV ? n.attrs() : Attributes.empty().with("transB", 1L);
    if (act != null && act.op() == OpType.RELU) {
      lo = 0;
      attrs = attrs.with("activation", "relu");
    } else if (act != null) {
      float min = QdqLayerReader.clipBound(g, act, 1, Float.NEGATIVE_INFINITY);
      float max = QdqLayerReader.clipBound(g, act, 2, Float.POSITIVE_INFINITY);
      lo = FixedPoint.quantize(min, outFix);
      hi = FixedPoint.quantize(max, outFix);
      attrs = attrs.with("activation", "clip").with("activation_min", min).with("activation_max", max);
    }
    String wName = n.name() + ".w";
    String bName = n.name() + ".b";
    b.addInitializer(wName, w.dequantized());
    b.addInitializer(bName, QdqLayerReader.dequantizedBias(bias, inFix, w.fix()));
    b.addNode(new Node(n.name(), n.op(), List.of(resolve(n.input(0)), wName, bName), List.of(out), attrs));
    return new QuantizedLayer(n.name(), n.op(), inFix, outFix, w.shape(), w.q(), w.fix(), bias, shift, lo, hi);
  }

  /** Ops that keep their input's fix position in bsc must have it in the file too, or the integers differ. */
  private static void checkKeptFixPositions(Graph fg, Map<String, Integer> fix) {
    for (Node n : fg.nodes()) {
      if (Int8Rules.KEEP_FIX.contains(n.op()) && !fix.get(n.input(0)).equals(fix.get(n.output()))) {
        throw new BscException("node " + n.name(), n.op().onnxName() + " changes the scale from 2^-"
            + fix.get(n.input(0)) + " to 2^-" + fix.get(n.output()) + "; bsc's INT8 " + n.op().onnxName()
            + " keeps its input's scale");
      }
    }
  }
}
