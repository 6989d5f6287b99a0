package bsc.ir.onnxio;

import bsc.ir.Attribute;
import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.Value;
import bsc.ir.onnx.OnnxProto.AttributeProto;
import bsc.ir.onnx.OnnxProto.GraphProto;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import bsc.ir.onnx.OnnxProto.OperatorSetIdProto;
import bsc.ir.onnx.OnnxProto.StringStringEntryProto;
import bsc.ir.onnx.OnnxProto.TensorShapeProto;
import bsc.ir.onnx.OnnxProto.TypeProto;
import bsc.ir.onnx.OnnxProto.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.util.Map;

/**
 * Writes the IR as an ordinary ONNX model (opset 17) that any runtime executes. bsc's own fused
 * activations are expanded back into ONNX activation nodes; initializer bytes are written without copies.
 */
public final class OnnxExporter {
  /**
   * The oldest opset written: every canonical IR form is valid ONNX at opset 17, except opset 18's
   * additions (Split num_outputs, Pad axes), so a graph imported at a newer opset keeps its own.
   */
  public static final int EXPORT_OPSET = 17;
  private static final long IR_VERSION = 8;

  private OnnxExporter() {}

  public static ModelProto toModel(Graph g) {
    GraphProto.Builder gb = GraphProto.newBuilder().setName(g.name());
    for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
      gb.addInitializer(TensorCodec.encode(e.getKey(), e.getValue()));
    }
    for (Value v : g.inputs()) {
      gb.addInput(valueInfo(v.name(), v.type()));
    }
    for (Node n : g.nodes()) {
      emit(gb, n);
      for (String o : n.outputs()) {
        if (!o.isEmpty() && !g.isGraphOutput(o)) {
          gb.addValueInfo(valueInfo(o, g.type(o)));
        }
      }
    }
    for (Value v : g.outputs()) {
      gb.addOutput(valueInfo(v.name(), v.type()));
    }
    ModelProto.Builder mb = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("bsc")
        .setProducerVersion("0.1")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(Math.max(EXPORT_OPSET, g.opset())))
        .setGraph(gb);
    for (Map.Entry<String, String> e : g.metadata().entrySet()) {
      mb.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
    }
    return mb.build();
  }

  public static byte[] toBytes(Graph g) {
    return toModel(g).toByteArray();
  }

  private static void emit(GraphProto.Builder gb, Node n) {
    Attributes a = n.attrs();
    String activation = n.op() == OpType.CONV ? a.getString("activation", null) : null;
    if (activation == null) {
      gb.addNode(node(n.name(), n.op().onnxName(), n.inputs(), n.outputs(), a));
      return;
    }
    Attributes conv = a.without("activation").without("activation_alpha")
        .without("activation_min").without("activation_max");
    String pre = n.output() + ".preact";
    gb.addNode(node(n.name(), "Conv", n.inputs(), java.util.List.of(pre), conv));
    String actName = n.name() + "." + activation;
    switch (activation) {
      case "relu" -> gb.addNode(node(actName, "Relu", java.util.List.of(pre), n.outputs(), Attributes.empty()));
      case "leaky_relu" -> gb.addNode(node(actName, "LeakyRelu", java.util.List.of(pre), n.outputs(),
          Attributes.empty().with("alpha", a.getFloat("activation_alpha", 0.01f))));
      case "clip" -> {
        String lo = actName + ".min";
        String hi = actName + ".max";
        gb.addInitializer(TensorCodec.encode(lo, Tensor.ofFloats(Shape.scalar(), new float[] {a.getFloat("activation_min", 0)})));
        gb.addInitializer(TensorCodec.encode(hi, Tensor.ofFloats(Shape.scalar(), new float[] {a.getFloat("activation_max", 6)})));
        gb.addNode(node(actName, "Clip", java.util.List.of(pre, lo, hi), n.outputs(), Attributes.empty()));
      }
      default -> throw new IllegalStateException("unknown fused activation " + activation);
    }
  }

  private static NodeProto node(String name, String opType, java.util.List<String> in, java.util.List<String> out, Attributes attrs) {
    NodeProto.Builder nb = NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(in).addAllOutput(out);
    for (Map.Entry<String, Attribute> e : attrs.asMap().entrySet()) {
      nb.addAttribute(attribute(e.getKey(), e.getValue()));
    }
    return nb.build();
  }

  private static AttributeProto attribute(String name, Attribute v) {
    AttributeProto.Builder ab = AttributeProto.newBuilder().setName(name);
    if (v instanceof Attribute.Int i) {
      ab.setType(AttributeProto.AttributeType.INT).setI(i.value());
    } else if (v instanceof Attribute.Float f) {
      ab.setType(AttributeProto.AttributeType.FLOAT).setF(f.value());
    } else if (v instanceof Attribute.Str s) {
      ab.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s.value()));
    } else if (v instanceof Attribute.TensorValue t) {
      ab.setType(AttributeProto.AttributeType.TENSOR).setT(TensorCodec.encode("", t.value()));
    } else if (v instanceof Attribute.Ints is) {
      ab.setType(AttributeProto.AttributeType.INTS);
      for (long x : is.values()) {
        ab.addInts(x);
      }
    } else if (v instanceof Attribute.Floats fs) {
      ab.setType(AttributeProto.AttributeType.FLOATS);
      for (float x : fs.values()) {
        ab.addFloats(x);
      }
    } else if (v instanceof Attribute.Strs ss) {
      ab.setType(AttributeProto.AttributeType.STRINGS);
      for (String s : ss.values()) {
        ab.addStrings(ByteString.copyFromUtf8(s));
      }
    }
    return ab.build();
  }

  static ValueInfoProto valueInfo(String name, TensorType t) {
    TensorShapeProto.Builder sb = TensorShapeProto.newBuilder();
    for (long d : t.shape().toArray()) {
      sb.addDim(d == Shape.UNKNOWN
          ? TensorShapeProto.Dimension.newBuilder().setDimParam("d" + sb.getDimCount())
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto type = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(t.dtype().onnxCode()).setShape(sb))
        .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }
}
