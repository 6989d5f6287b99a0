package bsc.sparsify.train;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A classifier for 1x28x28 images small enough to train in seconds, with one of each op the trainer
 * lowers: conv1 1->8 (first conv: never pruned), MaxPool, BN, ReLU, conv2 8->16 stride 2, BN, ReLU, conv3
 * 16->16 with BN and a residual Add, Flatten and Gemm 784->10. conv2 has 2x1 and conv3 2x2 blocks of 8x8.
 */
final class TinyTrainable {
  private final Graph.Builder b = Graph.builder("tiny_trainable");
  private final SplittableRandom rnd;

  private TinyTrainable(long seed) {
    rnd = new SplittableRandom(seed);
  }

  static Graph build(long seed) {
    return new TinyTrainable(seed).graph();
  }

  private Graph graph() {
    b.addInput("input", TensorType.of(DataType.FLOAT, 1, 1, 28, 28));
    String x = conv("conv1", "input", 1, 8, 1);
    x = b.add(OpType.MAX_POOL, "pool", Attributes.empty().with("kernel_shape", new long[] {2, 2})
        .with("strides", new long[] {2, 2}), x);
    x = b.add(OpType.RELU, "relu1", Attributes.empty(), bn("bn1", x, 8));
    x = b.add(OpType.RELU, "relu2", Attributes.empty(), bn("bn2", conv("conv2", x, 8, 16, 2), 16));
    String y = bn("bn3", conv("conv3", x, 16, 16, 1), 16);
    x = b.add(OpType.RELU, "relu3", Attributes.empty(), b.add(OpType.ADD, "add", Attributes.empty(), y, x));
    x = b.add(OpType.FLATTEN, "flatten", Attributes.empty().with("axis", 1L), x);
    b.addInitializer("fc.weight", normal(0.01, 10, 784));
    b.addInitializer("fc.bias", constant(0f, 10));
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), x, "fc.weight", "fc.bias");
    b.addOutput("fc");
    return b.build();
  }

  private String conv(String name, String x, int cin, int cout, int stride) {
    b.addInitializer(name + ".weight", normal(Math.sqrt(2.0 / (cin * 9)), cout, cin, 3, 3));
    return b.add(OpType.CONV, name, Attributes.empty().with("pads", new long[] {1, 1, 1, 1})
        .with("strides", new long[] {stride, stride}), x, name + ".weight");
  }

  private String bn(String name, String x, int c) {
    b.addInitializer(name + ".weight", constant(1f, c));
    b.addInitializer(name + ".bias", constant(0f, c));
    b.addInitializer(name + ".running_mean", constant(0f, c));
    b.addInitializer(name + ".running_var", constant(1f, c));
    return b.add(OpType.BATCH_NORMALIZATION, name, Attributes.empty(), x, name + ".weight", name + ".bias",
        name + ".running_mean", name + ".running_var");
  }

  private Tensor normal(double std, long... dims) {
    float[] v = new float[(int) Shape.of(dims).elements()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (std * Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble()));
    }
    return Tensor.ofFloats(Shape.of(dims), v);
  }

  private static Tensor constant(float value, int n) {
    float[] v = new float[n];
    Arrays.fill(v, value);
    return Tensor.ofFloats(Shape.of(n), v);
  }
}
