package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldBatchNormTest {
  private final Pass pass = new FoldBatchNorm();

  /** conv (bias) - bn - relu - depthwise conv (no bias, stride 2) - bn to the graph output. */
  static Graph convBn(long seed) {
    TestNet t = new TestNet("conv-bn", seed);
    String x = t.input("x", 1, 3, 8, 8);
    String c1 = t.conv("conv1", x, 3, 4, 3);
    String r = t.op(OpType.RELU, "relu", t.bn("bn1", c1, 4));
    String c2 = t.conv("conv2", r, 4, 4, 3, false, Attributes.empty().with("group", 4L)
        .with("strides", new long[] {2, 2}));
    t.bn("y", c2, 4);
    return t.build("y");
  }

  @Test
  void foldsEachBatchNormIntoItsConv() {
    Graph after = Golden.assertPass(pass, convBn(1));
    assertEquals(List.of("conv1", "relu", "conv2"), after.nodes().stream().map(Node::name).toList());
    assertEquals(List.of("x", "conv1.weight_bn", "conv1.bias_bn"), after.node("conv1").inputs());
    assertEquals("y", after.node("conv2").output());
  }

  @Test
  void computesTheSameOutputsInOnnxRuntime() {
    for (long seed = 1; seed <= 3; seed++) {
      Graph before = convBn(seed);
      OrtOracle.assertSameOutputs(before, pass.run(before), seed + 10);
    }
  }

  @Test
  void leavesTheOriginalWeightsUntouched() {
    Graph before = convBn(4);
    float[] weight = before.initializer("conv1.weight").toFloats();
    Graph after = pass.run(before);
    assertArrayEquals(weight, after.initializer("conv1.weight").toFloats());
    assertArrayEquals(weight, before.initializer("conv1.weight").toFloats());
  }

  @Test
  void sharedWeightsGetOneFoldedCopyPerConv() {
    TestNet t = new TestNet("shared", 1);
    String x = t.input("x", 1, 2, 4, 4);
    String w = t.gaussian("w", 0.5, 2, 2, 1, 1);
    t.bn("a", t.op(OpType.CONV, "ca", x, w), 2);
    t.bn("b", t.op(OpType.CONV, "cb", x, w), 2);
    Graph before = t.build("a", "b");
    Graph after = pass.run(before);
    assertEquals(List.of(OpType.CONV, OpType.CONV), after.nodes().stream().map(Node::op).toList());
    assertNotEquals(after.node("ca").input(1), after.node("cb").input(1));
    OrtOracle.assertSameOutputs(before, after, 5);
  }

  @Test
  void keepsTheBatchNormWhenTheConvOutputHasAnotherReader() {
    TestNet t = new TestNet("two-readers", 1);
    String x = t.input("x", 1, 2, 4, 4);
    String c = t.conv("conv", x, 2, 2, 1);
    String n = t.bn("bn", c, 2);
    t.op(OpType.ADD, "y", n, c);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void keepsTheBatchNormAfterAFusedActivation() {
    TestNet t = new TestNet("fused", 1);
    String x = t.input("x", 1, 2, 4, 4);
    String c = t.conv("conv", x, 2, 2, 1, true, Attributes.empty().with("activation", "relu"));
    t.bn("y", c, 2);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  /** conv - maxpool (3x3 stride 2, padded: padded positions must never win) - bn - relu, as fmnist_resnet's stem. */
  static Graph convPoolBn(long seed, float gammaOfChannel1) {
    TestNet t = new TestNet("conv-pool-bn", seed);
    String x = t.input("x", 1, 2, 9, 9);
    String c = t.conv("conv", x, 2, 3, 3);
    String p = t.op(OpType.MAX_POOL, "pool", Attributes.empty().with("kernel_shape", new long[] {3, 3})
        .with("strides", new long[] {2, 2}).with("pads", new long[] {1, 1, 1, 1}), c);
    t.op(OpType.RELU, "y", t.bn("bn", p, 3));
    Graph g = t.build("y");
    float[] gamma = g.initializer("bn.gamma").toFloats();
    gamma[1] = gammaOfChannel1;
    return g.toBuilder().addInitializer("bn.gamma", bsc.ir.Tensor.ofFloats(bsc.ir.Shape.of(3), gamma)).build();
  }

  @Test
  void foldsABatchNormBehindAMaxPoolWhenNoScaleIsNegative() {
    for (float gamma1 : new float[] {0.7f, 0f}) {
      Graph before = convPoolBn(3, gamma1);
      Graph after = pass.run(before);
      assertEquals(List.of("conv", "pool", "y"), after.nodes().stream().map(Node::name).toList());
      assertEquals("bn", after.node("pool").output());
      assertEquals(List.of("x", "conv.weight_bn", "conv.bias_bn"), after.node("conv").inputs());
      OrtOracle.assertSameOutputs(before, after, 21);
    }
  }

  @Test
  void keepsABatchNormBehindAMaxPoolWhenAScaleIsNegative() {
    Graph g = convPoolBn(3, -0.5f);
    assertSame(g, pass.run(g));
  }
}
