package bsc.tests;

import bsc.ir.onnx.OnnxProto.GraphProto;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import bsc.ir.onnx.OnnxProto.OperatorSetIdProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import bsc.ir.onnx.OnnxProto.TensorShapeProto;
import bsc.ir.onnx.OnnxProto.TypeProto;
import bsc.ir.onnx.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made ONNX protos for CLI tests: small models that are valid, or wrong in one precise way. */
final class OnnxFiles {
  /** A symbolic (dim_param) dimension in {@link #tensorValue}. */
  static final long SYMBOLIC = -1;

  private OnnxFiles() {}

  static ValueInfoProto tensorValue(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d == SYMBOLIC
          ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto.Tensor t =
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape).build();
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
  }

  /** A float tensor whose first {@code zeros} elements are 0 and the rest {@code fill}. */
  static TensorProto floats(String name, long[] dims, long zeros, float fill) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
    long n = 1;
    for (long d : dims) {
      b.addDims(d);
      n *= d;
    }
    for (long i = 0; i < n; i++) {
      b.addFloatData(i < zeros ? 0f : fill);
    }
    return b.build();
  }

  static NodeProto node(String name, String op, String input, String output) {
    return NodeProto.newBuilder().setName(name).setOpType(op).addInput(input).addOutput(output).build();
  }

  /**
   * {@code input [dims] -> Conv(8 output channels, 1x1 kernel) -> node -> output}: the conv weight is 0 for
   * output channels 0-3 and 0.5 for 4-7; the second node is {@code op}, e.g. "Relu", or an op bsc does
   * not know.
   */
  static ModelProto convThen(String nodeName, String op, int opset, long... inputDims) {
    GraphProto g = GraphProto.newBuilder()
        .setName("handmade")
        .addInput(tensorValue("input", inputDims))
        .addInitializer(floats("w", new long[] {8, inputDims[1], 1, 1}, 4 * inputDims[1], 0.5f))
        .addNode(NodeProto.newBuilder().setName("conv").setOpType("Conv").addInput("input").addInput("w")
            .addOutput("c"))
        .addNode(node(nodeName, op, "c", "y"))
        .addOutput(ValueInfoProto.newBuilder().setName("y"))
        .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(g)
        .build();
  }

  static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
