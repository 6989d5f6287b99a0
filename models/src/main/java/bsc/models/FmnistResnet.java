package bsc.models;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code fmnist_resnet}: a small ResNet for 1x28x28 images and 10 classes (Fashion-MNIST), the model bsc
 * trains to reproduce the paper's accuracy table in small (paper-facts.md section 2.4). Channel counts are
 * multiples of 8 so that 8x8 blocks tile every conv; nine convs, all but the first eligible for pruning.
 *
 * <pre>
 * conv3x3(1->16), MaxPool 2, BN, ReLU       28x28 -> 14x14
 * basic block 16->16                         14x14
 * basic block 16->32, stride 2 (1x1 shortcut) 7x7
 * basic block 32->64, stride 2 (1x1 shortcut) 4x4
 * GlobalAveragePool, Flatten, Gemm 64->10 (logits)
 * </pre>
 *
 * <p>The widths are small because it is trained on two CPU cores with ND4J (about 2.6M MACs per image).
 * The stem pools before its BatchNormalization so that normalization runs on a quarter of the pixels.
 *
 * BatchNormalization stays a separate node with its statistics (gamma 1, beta 0, mean 0, var 1) so the
 * graph can be trained; convs have no bias (BN follows each one). Weights are He-normal from the seed.
 */
public final class FmnistResnet {
  public static final String NAME = "fmnist_resnet";
  public static final long DEFAULT_SEED = 20240712L;
  static final int[] WIDTHS = {16, 32, 64};
  private static final int CLASSES = 10;
  private static final float BN_EPSILON = 1e-5f;

  private final Graph.Builder b = Graph.builder(NAME);
  private final Random rnd;

  private FmnistResnet(long seed) {
    this.rnd = new Random(seed);
  }

  public static Graph build() {
    return build(DEFAULT_SEED);
  }

  public static Graph build(long seed) {
    return new FmnistResnet(seed).graph(WIDTHS);
  }

  private Graph graph(int[] widths) {
    b.addInput("input", TensorType.of(DataType.FLOAT, 1, 1, 28, 28));
    String x = conv("stem", "input", 1, widths[0], 3, 1);
    x = b.add(OpType.MAX_POOL, "stem.pool", Attributes.empty()
        .with("kernel_shape", new long[] {2, 2}).with("strides", new long[] {2, 2}), x);
    x = b.add(OpType.RELU, "stem.relu", Attributes.empty(), batchNorm("stem.bn", x, widths[0]));
    int cin = widths[0];
    for (int s = 0; s < widths.length; s++) {
      x = basicBlock("layer" + (s + 1), x, cin, widths[s], s == 0 ? 1 : 2);
      cin = widths[s];
    }
    x = b.add(OpType.GLOBAL_AVERAGE_POOL, "pool", Attributes.empty(), x);
    x = b.add(OpType.FLATTEN, "flatten", Attributes.empty().with("axis", 1L), x);
    String w = uniform("fc.weight", 1.0 / Math.sqrt(cin), CLASSES, cin);
    String bias = uniform("fc.bias", 1.0 / Math.sqrt(cin), CLASSES);
    x = b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), x, w, bias);
    b.addOutput(x);
    return b.build();
  }

  /** conv-BN-ReLU-conv-BN, plus the input (or its 1x1 projection when the shape changes), then ReLU. */
  private String basicBlock(String name, String x, int cin, int cout, int stride) {
    String y = convBn(name + ".conv1", x, cin, cout, 3, stride, true);
    y = convBn(name + ".conv2", y, cout, cout, 3, 1, false);
    String shortcut = x;
    if (stride != 1 || cin != cout) {
      shortcut = convBn(name + ".shortcut", x, cin, cout, 1, stride, false);
    }
    String sum = b.add(OpType.ADD, name + ".add", Attributes.empty(), y, shortcut);
    return b.add(OpType.RELU, name + ".relu", Attributes.empty(), sum);
  }

  private String convBn(String name, String x, int cin, int cout, int k, int stride, boolean relu) {
    String y = batchNorm(name + ".bn", conv(name, x, cin, cout, k, stride), cout);
    return relu ? b.add(OpType.RELU, name + ".relu", Attributes.empty(), y) : y;
  }

  /** A k x k conv with "same" padding, no bias, He-normal weights. */
  private String conv(String name, String x, int cin, int cout, int k, int stride) {
    long p = k / 2;
    Attributes attrs = Attributes.empty().with("kernel_shape", new long[] {k, k})
        .with("strides", new long[] {stride, stride}).with("pads", new long[] {p, p, p, p});
    return b.add(OpType.CONV, name, attrs, x, heNormal(name + ".weight", cin * k * k, cout, cin, k, k));
  }

  private String batchNorm(String name, String x, int channels) {
    return b.add(OpType.BATCH_NORMALIZATION, name, Attributes.empty().with("epsilon", BN_EPSILON), x,
        constant(name + ".scale", 1f, channels), constant(name + ".bias", 0f, channels),
        constant(name + ".mean", 0f, channels), constant(name + ".var", 1f, channels));
  }

  private String heNormal(String name, int fanIn, long... dims) {
    float[] v = new float[Math.toIntExact(Shape.of(dims).elements())];
    double std = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextGaussian() * std);
    }
    b.addInitializer(name, Tensor.ofFloats(Shape.of(dims), v));
    return name;
  }

  private String uniform(String name, double bound, long... dims) {
    float[] v = new float[Math.toIntExact(Shape.of(dims).elements())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
    }
    b.addInitializer(name, Tensor.ofFloats(Shape.of(dims), v));
    return name;
  }

  private String constant(String name, float value, int n) {
    float[] v = new float[n];
    Arrays.fill(v, value);
    b.addInitializer(name, Tensor.ofFloats(Shape.of(n), v));
    return name;
  }
}
