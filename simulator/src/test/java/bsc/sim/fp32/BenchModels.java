package bsc.sim.fp32;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.TensorType;
import bsc.ir.onnxio.OnnxImporter;
import java.nio.file.Path;
import java.util.Random;

/** Models for the benchmark: an ONNX path, a built-in name, or the synthetic {@code convstack}. */
final class BenchModels {
  private BenchModels() {}

  static Graph load(String name) {
    if (name.endsWith(".onnx")) {
      return OnnxImporter.load(Path.of(name));
    }
    if (name.equals("convstack")) {
      return convStack();
    }
    return bsc.models.BuiltinModels.build(name);
  }

  /** Four 3x3 64-channel convs with ReLU on 56x56: ResNet-50's stage-1 shape. */
  static Graph convStack() {
    Random r = new Random(1);
    Graph.Builder b = Graph.builder("convstack").addInput("x", TensorType.of(DataType.FLOAT, 1, 64, 56, 56));
    String v = "x";
    for (int i = 0; i < 4; i++) {
      b.addInitializer("w" + i, Fp32ExecutorTest.random(r, 64, 64, 3, 3));
      b.addInitializer("b" + i, Fp32ExecutorTest.random(r, 64));
      v = b.add(OpType.CONV, "conv" + i, Attributes.empty().with("pads", new long[] {1, 1, 1, 1})
          .with("activation", "relu"), v, "w" + i, "b" + i);
    }
    return b.addOutput(v).build();
  }
}
