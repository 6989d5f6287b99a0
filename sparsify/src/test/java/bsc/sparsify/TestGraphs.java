package bsc.sparsify;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.SplittableRandom;

/** Small hand-built graphs with seeded weights for the sparsify tests. */
final class TestGraphs {
  private TestGraphs() {}

  static float[] normal(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      // Box-Muller; distinct magnitudes make score ties practically impossible
      v[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
    }
    return v;
  }

  static Tensor weight(long seed, long... dims) {
    Shape s = Shape.of(dims);
    return Tensor.ofFloats(s, normal((int) s.elements(), seed));
  }

  /** conv0 3->16 3x3, conv1 16->32 3x3, conv2 32->24 1x1 (partial blocks), gap, flatten, fc 24->10. */
  static Graph threeConvs() {
    Graph.Builder b = Graph.builder("three_convs");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 3, 16, 16));
    Attributes pad1 = Attributes.empty().with("pads", new long[] {1, 1, 1, 1});
    b.addInitializer("w0", weight(1, 16, 3, 3, 3));
    b.addInitializer("w1", weight(2, 32, 16, 3, 3));
    b.addInitializer("w2", weight(3, 24, 32, 1, 1));
    b.addInitializer("fc.weight", weight(4, 10, 24));
    String c0 = b.add(OpType.CONV, "conv0", pad1, "x", "w0");
    String r0 = b.add(OpType.RELU, "relu0", Attributes.empty(), c0);
    String c1 = b.add(OpType.CONV, "conv1", pad1, r0, "w1");
    String c2 = b.add(OpType.CONV, "conv2", Attributes.empty(), c1, "w2");
    String gp = b.add(OpType.GLOBAL_AVERAGE_POOL, "gap", Attributes.empty(), c2);
    String fl = b.add(OpType.FLATTEN, "flatten", Attributes.empty(), gp);
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), fl, "fc.weight");
    b.addOutput("fc");
    return b.build();
  }
}
