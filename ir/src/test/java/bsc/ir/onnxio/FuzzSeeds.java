package bsc.ir.onnxio;

import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static bsc.ir.TestGraphs.ramp;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.onnx.OnnxProto.AttributeProto;
import bsc.ir.onnx.OnnxProto.AttributeProto.AttributeType;
import bsc.ir.onnx.OnnxProto.GraphProto;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import bsc.ir.onnx.OnnxProto.OperatorSetIdProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import java.util.List;

/** Small valid models that exercise most of the importer: the seeds of the fuzz test. */
final class FuzzSeeds {
  private FuzzSeeds() {}

  /** An opset-17 CNN exported from the IR: conv, pool, a torch-style shape chain, split, pad, gemm. */
  static ModelProto modern() {
    Graph.Builder b = Graph.builder("modern").addInput("x", f32(1, 3, 8, 8))
        .addInitializer("w", ramp(4, 3, 3, 3)).addInitializer("bias", ramp(4))
        .addInitializer("i0", Tensor.ofLongs(Shape.scalar(), new long[] {0}))
        .addInitializer("axes0", Tensor.scalarLongs(0)).addInitializer("minus1", Tensor.scalarLongs(-1))
        .addInitializer("pads", Tensor.scalarLongs(0, 0, 1, 1, 0, 0, 1, 1))
        .addInitializer("halves", Tensor.scalarLongs(2, 2)).addInitializer("fc", ramp(5, 64))
        .addInitializer("mmw", ramp(64, 5));
    b.add(OpType.CONV, "conv", attrs().with("pads", new long[] {1, 1, 1, 1}).with("activation", "relu"), "x", "w", "bias");
    b.add(OpType.MAX_POOL, "pool", attrs().with("kernel_shape", new long[] {2, 2}).with("strides", new long[] {2, 2}), "conv");
    b.add(OpType.PAD, "pad", attrs(), "pool", "pads");
    b.add(OpType.AVERAGE_POOL, "avg", attrs().with("kernel_shape", new long[] {3, 3}), "pad");
    b.addNode(new Node("split", OpType.SPLIT, List.of("avg", "halves"), List.of("s0", "s1"), attrs().with("axis", 1L)));
    b.add(OpType.CONCAT, "cat", attrs().with("axis", 1L), "s1", "s0");
    b.add(OpType.SHAPE, "shape", attrs(), "cat");
    b.add(OpType.GATHER, "batch", attrs(), "shape", "i0");
    b.add(OpType.UNSQUEEZE, "batch1", attrs(), "batch", "axes0");
    b.add(OpType.CONCAT, "target", attrs().with("axis", 0L), "batch1", "minus1");
    b.add(OpType.RESHAPE, "flat", attrs(), "cat", "target");
    b.add(OpType.MAT_MUL, "mm", attrs(), "flat", "mmw");
    b.add(OpType.GEMM, "fc1", attrs().with("transB", 1L), "flat", "fc");
    b.add(OpType.SOFTMAX, "prob", attrs().with("axis", -1L), "fc1");
    return OnnxExporter.toModel(b.addOutput("prob").addOutput("mm").build());
  }

  /**
   * An opset-6 model built with the protobuf classes, in the old forms the importer converts: Clip, Pad,
   * Split, Squeeze and Unsqueeze attributes, legacy broadcast, Reshape from a Constant, old Softmax.
   */
  static ModelProto legacy() {
    GraphProto.Builder g = GraphProto.newBuilder().setName("legacy")
        .addInput(OnnxExporter.valueInfo("x", f32(1, 4, 6, 6)))
        .addInitializer(OnnxExporter.toModel(weights()).getGraph().getInitializer(0))
        .addInitializer(TensorCodec.encode("b", ramp(4)))
        .addInitializer(TensorCodec.encode("scale", ramp(4)))
        .addOutput(OnnxExporter.valueInfo("prob", f32(1, 16)));
    g.addNode(node("Conv", "conv", List.of("x", "w"), ints("pads", 1, 1, 1, 1)));
    g.addNode(node("Add", "add", List.of("conv", "b"), ints("broadcast", 1), ints("axis", 1)));
    g.addNode(node("BatchNormalization", "bn", List.of("add", "scale", "b", "b", "scale"), ints("is_test", 1)));
    g.addNode(node("Clip", "clip", List.of("bn"), floats("min", 0), floats("max", 6)));
    g.addNode(node("Pad", "pad", List.of("clip"), ints("pads", 0, 0, 1, 1, 0, 0, 1, 1), floats("value", 0)));
    g.addNode(node("MaxPool", "pool", List.of("pad"), ints("kernel_shape", 4, 4), ints("strides", 4, 4)));
    g.addNode(NodeProto.newBuilder().setOpType("Split").setName("split").addInput("pool")
        .addOutput("s0").addOutput("s1").addAttribute(ints("axis", 1)).addAttribute(ints("split", 1, 3)).build());
    g.addNode(node("Squeeze", "sq", List.of("s0"), ints("axes", 1)));
    g.addNode(node("Unsqueeze", "unsq", List.of("sq"), ints("axes", 1)));
    g.addNode(NodeProto.newBuilder().setOpType("Concat").setName("cat").addInput("s1").addInput("unsq")
        .addOutput("cat").addAttribute(ints("axis", 1)).build());
    g.addNode(NodeProto.newBuilder().setOpType("Constant").setName("k").addOutput("target")
        .addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeType.TENSOR)
            .setT(TensorCodec.encode("", Tensor.scalarLongs(1, -1)))).build());
    g.addNode(node("Reshape", "flat", List.of("cat", "target")));
    g.addNode(node("Dropout", "drop", List.of("flat"), ints("is_test", 1)));
    g.addNode(node("Softmax", "prob", List.of("drop")));
    return ModelProto.newBuilder().setIrVersion(3)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(6)).setGraph(g).build();
  }

  private static Graph weights() {
    return Graph.builder("w").addInitializer("w", ramp(4, 4, 3, 3)).addInput("x", f32(1)).addOutput("x").build();
  }

  private static NodeProto node(String op, String name, List<String> inputs, AttributeProto... attrs) {
    return NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(name)
        .addAllAttribute(List.of(attrs)).build();
  }

  private static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (v.length == 1 && !name.equals("axes") && !name.equals("split")) {
      return a.setType(AttributeType.INT).setI(v[0]).build();
    }
    a.setType(AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  private static AttributeProto floats(String name, float v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(v).build();
  }
}
