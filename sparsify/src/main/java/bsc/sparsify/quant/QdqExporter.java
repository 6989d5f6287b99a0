package bsc.sparsify.quant;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link QuantizedModel} as an ONNX QDQ graph that ONNX Runtime runs: every float value v is written as
 * {@code DequantizeLinear(QuantizeLinear(v'))} with scale 2^-fix and zero point 0 (int8), and every layer
 * reads {@code DequantizeLinear} of its int8 weight (scale 2^-weightFix, per output channel on axis 0 when
 * per-channel) and int32 bias (scale 2^-(inputFix + weightFix)). A fused activation becomes
 * Conv, Q, DQ, Relu/Clip, Q, DQ, so that Conv with its Q/DQ neighbours is a complete quantized unit.
 *
 * <p>The dequantized values keep their original names: graph outputs and every node's readers are
 * unchanged; the float op outputs are renamed {@code v.f}. Gemm and MatMul are written as Gemm with
 * transB = 1 (the weight [out][in] as quantized, alpha and beta folded).
 */
public final class QdqExporter {
  private QdqExporter() {}

  public static Graph toGraph(QuantizedModel m) {
    Graph g = m.graph();
    Graph.Builder b = Graph.builder(g.name()).opset(g.opset());
    g.metadata().forEach(b::metadata);
    b.metadata("bsc.quantization", "int8, power-of-two scales, per-" + (m.options().perChannel() ? "channel" : "tensor")
        + " weights, " + m.options().method());
    Set<String> replaced = new HashSet<>();
    for (QuantizedLayer l : m.layers().values()) {
      Node n = g.node(l.node());
      replaced.add(n.input(1));
      if (n.hasInput(2)) {
        replaced.add(n.input(2));
      }
    }
    Set<String> stillRead = new HashSet<>();
    for (Node n : g.nodes()) {
      int from = m.layer(n.name()) != null ? 3 : 0;
      for (int i = from; i < n.inputs().size(); i++) {
        stillRead.add(n.input(i));
      }
    }
    g.initializers().forEach((name, t) -> {
      if (!replaced.contains(name) || stillRead.contains(name)) {
        b.addInitializer(name, t);
      }
    });
    List<String> inputNames = new ArrayList<>();
    for (Value v : g.inputs()) {
      b.addInput(v.name(), v.type());
      qdq(b, v.name(), v.name() + ".dq", m.fix(v.name()));
      inputNames.add(v.name());
    }
    for (Node n : g.nodes()) {
      List<String> in = new ArrayList<>();
      for (String s : n.inputs()) {
        in.add(inputNames.contains(s) ? s + ".dq" : s);
      }
      String v = n.output();
      QuantizedLayer l = m.layer(n.name());
      if (l == null) {
        b.addNode(new Node(n.name(), n.op(), in, List.of(v + ".f"), n.attrs()));
        qdq(b, v + ".f", v, m.fix(v));
        continue;
      }
      in = new ArrayList<>(List.of(in.get(0), weight(b, l), bias(b, l)));
      String act = n.attrs().getString("activation", null);
      Attributes attrs = n.op() == OpType.CONV
          ? n.attrs().without("activation").without("activation_min").without("activation_max")
              .without("activation_alpha")
          : Attributes.empty().with("transB", 1L);
      OpType op = n.op() == OpType.CONV ? OpType.CONV : OpType.GEMM;
      String pre = act == null ? v + ".f" : v + ".acc";
      b.addNode(new Node(n.name(), op, in, List.of(pre), attrs));
      if (act != null) {
        qdq(b, pre, v + ".pre", m.fix(v));
        activation(b, n, act, v + ".pre", v + ".f");
      }
      qdq(b, v + ".f", v, m.fix(v));
    }
    for (Value v : g.outputs()) {
      b.addOutput(v.name());
    }
    return b.build();
  }

  /** QuantizeLinear then DequantizeLinear of float {@code from} into float {@code to} at fix f. */
  private static void qdq(Graph.Builder b, String from, String to, int fix) {
    String scale = to + ".scale";
    String zp = to + ".zero_point";
    b.addInitializer(scale, Tensor.ofFloats(Shape.scalar(), new float[] {FixedPoint.scale(fix)}));
    b.addInitializer(zp, Tensor.ofBytes(DataType.INT8, Shape.scalar(), new byte[1]));
    b.addNode(new Node(to + ".quantize", OpType.QUANTIZE_LINEAR, List.of(from, scale, zp), List.of(to + ".q"),
        Attributes.empty()));
    b.addNode(new Node(to + ".dequantize", OpType.DEQUANTIZE_LINEAR, List.of(to + ".q", scale, zp), List.of(to),
        Attributes.empty()));
  }

  private static void activation(Graph.Builder b, Node n, String act, String from, String to) {
    if (act.equals("relu")) {
      b.addNode(new Node(n.name() + ".relu", OpType.RELU, List.of(from), List.of(to), Attributes.empty()));
      return;
    }
    String lo = n.name() + ".clip_min";
    String hi = n.name() + ".clip_max";
    b.addInitializer(lo, Tensor.ofFloats(Shape.scalar(), new float[] {n.attrs().getFloat("activation_min", Float.NEGATIVE_INFINITY)}));
    b.addInitializer(hi, Tensor.ofFloats(Shape.scalar(), new float[] {n.attrs().getFloat("activation_max", Float.POSITIVE_INFINITY)}));
    b.addNode(new Node(n.name() + ".clip", OpType.CLIP, List.of(from, lo, hi), List.of(to), Attributes.empty()));
  }

  private static String weight(Graph.Builder b, QuantizedLayer l) {
    String name = l.node() + ".w";
    int cout = l.outChannels();
    b.addInitializer(name + "_q", Tensor.ofBytes(DataType.INT8, l.weightShape(), l.weights()));
    float[] scales = new float[l.perChannel() ? cout : 1];
    for (int o = 0; o < scales.length; o++) {
      scales[o] = FixedPoint.scale(l.weightFix(o));
    }
    Shape s = l.perChannel() ? Shape.of(cout) : Shape.scalar();
    b.addInitializer(name + "_scale", Tensor.ofFloats(s, scales));
    b.addInitializer(name + "_zero_point", Tensor.ofBytes(DataType.INT8, s, new byte[scales.length]));
    Attributes axis = l.perChannel() ? Attributes.empty().with("axis", 0L) : Attributes.empty();
    b.addNode(new Node(name + ".dequantize", OpType.DEQUANTIZE_LINEAR,
        List.of(name + "_q", name + "_scale", name + "_zero_point"), List.of(name), axis));
    return name;
  }

  private static String bias(Graph.Builder b, QuantizedLayer l) {
    String name = l.node() + ".b";
    int cout = l.outChannels();
    b.addInitializer(name + "_q", Tensor.ofInts(Shape.of(cout), l.bias()));
    float[] scales = new float[l.perChannel() ? cout : 1];
    for (int o = 0; o < scales.length; o++) {
      scales[o] = FixedPoint.scale(l.inputFix() + l.weightFix(o));
    }
    Shape s = l.perChannel() ? Shape.of(cout) : Shape.scalar();
    b.addInitializer(name + "_scale", Tensor.ofFloats(s, scales));
    ByteBuffer zeros = ByteBuffer.allocate(4 * scales.length).order(ByteOrder.LITTLE_ENDIAN);
    b.addInitializer(name + "_zero_point", Tensor.wrap(DataType.INT32, s, zeros));
    Attributes axis = l.perChannel() ? Attributes.empty().with("axis", 0L) : Attributes.empty();
    b.addNode(new Node(name + ".dequantize", OpType.DEQUANTIZE_LINEAR,
        List.of(name + "_q", name + "_scale", name + "_zero_point"), List.of(name), axis));
    return name;
  }
}
