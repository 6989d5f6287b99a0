package bsc.ir.onnxio;

import bsc.ir.Attribute;
import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.onnx.OnnxProto.AttributeProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns ONNX nodes of any supported opset into IR nodes of one canonical form: the newest form of each
 * operator. Attributes that later opsets moved to inputs (Clip min/max, Pad pads/value, Split split,
 * Squeeze/Unsqueeze axes) become initializer inputs; Constant nodes become initializers; Softmax before
 * opset 13 (which flattened to 2-D at its axis) becomes Flatten, Softmax, Reshape.
 */
final class NodeCanonicalizer {
  private final Graph.Builder b;
  private final int opset;

  NodeCanonicalizer(Graph.Builder b, int opset) {
    this.b = b;
    this.opset = opset;
  }

  void add(NodeProto p, String name) {
    String where = "node " + name;
    String domain = p.getDomain();
    if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
      throw new BscException(where, "unsupported op " + domain + "." + p.getOpType());
    }
    Attributes attrs = attributes(p, where);
    if (opset < 6) {
      attrs = attrs.without("consumed_inputs");
    }
    if (p.getOpType().equals("Constant")) {
      addConstant(p, attrs, where);
      return;
    }
    OpType op = OpType.fromOnnx(p.getOpType());
    if (op == null) {
      throw new BscException(where, "unsupported op " + p.getOpType());
    }
    List<String> in = new ArrayList<>(p.getInputList());
    List<String> out = new ArrayList<>(p.getOutputList());
    while (!in.isEmpty() && in.get(in.size() - 1).isEmpty()) {
      in.remove(in.size() - 1);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    if (out.isEmpty()) {
      throw new BscException(where, "node has no outputs");
    }
    if (in.isEmpty() || in.get(0).isEmpty()) {
      throw new BscException(where, p.getOpType() + " needs its first input");
    }
    switch (op) {
      case RESHAPE -> {
        if (opset < 5 && attrs.has("shape")) {
          in = List.of(in.get(0), longs(name + ".shape", attrs.getInts("shape", null)));
          attrs = attrs.without("shape");
        }
      }
      case CONCAT -> {
        if (opset < 4 && !attrs.has("axis")) {
          attrs = attrs.with("axis", 1L);
        }
      }
      case CLIP -> {
        if (opset < 11) {
          in = List.of(in.get(0),
              attrs.has("min") ? scalar(name + ".min", attrs.getFloat("min", 0)) : "",
              attrs.has("max") ? scalar(name + ".max", attrs.getFloat("max", 0)) : "");
          attrs = attrs.without("min").without("max");
        }
      }
      case PAD -> {
        if (opset < 11) {
          long[] pads = attrs.getInts(opset < 2 ? "paddings" : "pads", null);
          if (pads == null) {
            throw new BscException(where, "Pad needs pads");
          }
          in = List.of(in.get(0), longs(name + ".pads", pads), scalar(name + ".value", attrs.getFloat("value", 0)));
          attrs = attrs.without("pads").without("paddings").without("value");
        }
      }
      case SPLIT -> {
        if (opset < 13 && attrs.has("split")) {
          in = List.of(in.get(0), longs(name + ".split", attrs.getInts("split", null)));
          attrs = attrs.without("split");
        }
      }
      case SQUEEZE, UNSQUEEZE -> {
        if (opset < 13 && attrs.has("axes")) {
          in = List.of(in.get(0), longs(name + ".axes", attrs.getInts("axes", null)));
          attrs = attrs.without("axes");
        }
      }
      case BATCH_NORMALIZATION -> {
        if (attrs.getInt("spatial", 1) == 0) {
          throw new BscException(where, "BatchNormalization with spatial=0 is not supported");
        }
        attrs = attrs.without("spatial").without("is_test").without("epsilon_legacy").without("consumed_inputs").without("momentum");
      }
      case ADD, SUB, MUL, DIV -> {
        if (opset < 7 && attrs.getInt("broadcast", 0) == 0) {
          attrs = attrs.without("broadcast").without("axis");
        }
        attrs = attrs.without("consumed_inputs");
      }
      case GEMM -> {
        if (opset < 7) {
          attrs = attrs.without("broadcast"); // Gemm-6 let C broadcast on request; Gemm-7+ always does
        }
      }
      case DROPOUT -> attrs = attrs.without("is_test").without("ratio").without("seed");
      case SOFTMAX -> {
        if (opset < 13) {
          addLegacySoftmax(name, in.get(0), out.get(0), attrs.getInt("axis", 1));
          return;
        }
      }
      default -> { }
    }
    b.addNode(new Node(name, op, in, out, attrs));
  }

  /** Softmax-1/11: coerce to 2-D at {@code axis}, softmax rows, restore the shape. */
  private void addLegacySoftmax(String name, String x, String y, long axis) {
    String flat = b.add(OpType.FLATTEN, name + ".flatten", Attributes.empty().with("axis", axis), x);
    String sm = b.add(OpType.SOFTMAX, name + ".softmax", Attributes.empty().with("axis", 1L), flat);
    String shape = b.add(OpType.SHAPE, name + ".shape", Attributes.empty(), x);
    b.addNode(new Node(name, OpType.RESHAPE, List.of(sm, shape), List.of(y), Attributes.empty()));
  }

  private void addConstant(NodeProto p, Attributes attrs, String where) {
    if (p.getOutputCount() != 1) {
      throw new BscException(where, "Constant must have one output");
    }
    Tensor t;
    if (attrs.has("value") && attrs.get("value") instanceof Attribute.TensorValue tv) {
      t = tv.value();
    } else if (attrs.has("value_float")) {
      t = Tensor.ofFloats(Shape.scalar(), new float[] {attrs.getFloat("value_float", 0)});
    } else if (attrs.has("value_floats")) {
      float[] v = attrs.getFloats("value_floats", null);
      t = Tensor.ofFloats(Shape.of(v.length), v);
    } else if (attrs.has("value_int")) {
      t = Tensor.ofLongs(Shape.scalar(), new long[] {attrs.getInt("value_int", 0)});
    } else if (attrs.has("value_ints")) {
      t = Tensor.scalarLongs(attrs.getInts("value_ints", null));
    } else {
      throw new BscException(where, "unsupported Constant (sparse or string value)");
    }
    b.addInitializer(p.getOutput(0), t);
  }

  private String scalar(String name, float v) {
    b.addInitializer(name, Tensor.ofFloats(Shape.scalar(), new float[] {v}));
    return name;
  }

  private String longs(String name, long[] v) {
    b.addInitializer(name, Tensor.scalarLongs(v));
    return name;
  }

  static Attributes attributes(NodeProto p, String where) {
    Map<String, Attribute> m = new TreeMap<>();
    for (AttributeProto a : p.getAttributeList()) {
      String aw = where + ": attribute " + a.getName();
      if (!a.getRefAttrName().isEmpty()) {
        throw new BscException(aw, "function attribute references are not supported");
      }
      AttributeProto.AttributeType type = a.getType();
      if (type == AttributeProto.AttributeType.UNDEFINED) {
        type = guessType(a);
      }
      Attribute v = switch (type) {
        case FLOAT -> new Attribute.Float(a.getF());
        case INT -> new Attribute.Int(a.getI());
        case STRING -> new Attribute.Str(a.getS().toString(StandardCharsets.UTF_8));
        case TENSOR -> new Attribute.TensorValue(TensorCodec.decode(a.getT(), aw));
        case FLOATS -> new Attribute.Floats(toFloats(a.getFloatsList()));
        case INTS -> new Attribute.Ints(a.getIntsList().stream().mapToLong(Long::longValue).toArray());
        case STRINGS -> new Attribute.Strs(a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toList());
        default -> throw new BscException(aw, "attributes of type " + type + " (subgraphs, sparse tensors, types) are not supported");
      };
      if (m.put(a.getName(), v) != null) {
        throw new BscException(aw, "given twice");
      }
    }
    return Attributes.of(m);
  }

  private static float[] toFloats(List<Float> l) {
    float[] r = new float[l.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = l.get(i);
    }
    return r;
  }

  /** IR version 1 files may leave the attribute type unset; infer it from the field that is set. */
  private static AttributeProto.AttributeType guessType(AttributeProto a) {
    if (a.getIntsCount() > 0) {
      return AttributeProto.AttributeType.INTS;
    } else if (a.getFloatsCount() > 0) {
      return AttributeProto.AttributeType.FLOATS;
    } else if (a.getStringsCount() > 0) {
      return AttributeProto.AttributeType.STRINGS;
    } else if (a.hasT()) {
      return AttributeProto.AttributeType.TENSOR;
    } else if (a.hasS()) {
      return AttributeProto.AttributeType.STRING;
    } else if (a.hasF()) {
      return AttributeProto.AttributeType.FLOAT;
    } else if (a.hasI()) {
      return AttributeProto.AttributeType.INT;
    }
    return AttributeProto.AttributeType.UNDEFINED;
  }
}
