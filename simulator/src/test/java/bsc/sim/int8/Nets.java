package bsc.sim.int8;

import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;

/** Small graphs and exact int8 inputs for the executor tests. */
final class Nets {
  private Nets() {}

  static Graph graph(String name, long[] inputDims, String output, Consumer<Graph.Builder> body) {
    Graph.Builder b = Graph.builder(name);
    b.addInput("x", TensorType.of(DataType.FLOAT, inputDims));
    body.accept(b);
    return b.addOutput(output).build();
  }

  static Tensor floats(float[] v, long... dims) {
    return Tensor.ofFloats(Shape.of(dims), v);
  }

  static Tensor int8(byte[] v, long... dims) {
    return Tensor.wrap(DataType.INT8, Shape.of(dims), ByteBuffer.wrap(v.clone()));
  }

  static QuantizedModel quantize(Graph g, Map<String, Integer> fix) {
    return Quantizer.withFixPositions(g, fix, QuantOptions.defaults());
  }

  /** The executor's int8 outputs for int8 input x. */
  static byte[] run(QuantizedModel m, Int8Executor.Options o, byte[] x) {
    long[] dims = m.graph().inputs().get(0).type().shape().toArray();
    try (Int8Executor e = new Int8Executor(m, o)) {
      return e.runQuantized(Map.of("x", int8(x, dims))).get(m.graph().outputs().get(0).name()).toByteArray();
    }
  }

  static byte[] run(QuantizedModel m, byte[] x) {
    return run(m, Int8Executor.Options.defaults(), x);
  }

  static float dequantized(int q, int fix) {
    return FixedPoint.dequantize(q, fix);
  }
}
