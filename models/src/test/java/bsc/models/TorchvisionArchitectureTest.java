package bsc.models;

import static bsc.models.TestModels.get;
import static bsc.models.TestModels.nodesOf;
import static bsc.models.TestModels.shapeOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import org.junit.jupiter.api.Test;

/**
 * Each built-in model against torchvision: parameter counts exactly (sum of numel over
 * model.parameters(), torchvision 0.15+), MACs within 1% of the GFLOPS column of torchvision's model
 * table (which counts multiply-accumulates), and intermediate shapes worked out by hand.
 */
class TorchvisionArchitectureTest {
  private static void assertMacsWithinOnePercent(double expected, Graph g) {
    long macs = g.totalMacs();
    System.out.printf("%s: %,d parameters, %,d MACs%n", g.name(), g.parameterCount(), macs);
    assertEquals(expected, macs, expected * 0.01, g.name() + " MACs");
  }

  private static void assertInfoDescribes(Graph g) {
    ModelInfo info = BuiltinModels.info(g.name());
    assertEquals(g.parameterCount(), info.parameters(), "listed parameters of " + g.name());
    assertEquals(g.totalMacs(), info.macs(), "listed MACs of " + g.name());
    assertEquals(g.inputs().get(0).type(), info.input(), "listed input of " + g.name());
  }

  @Test
  void resnet50HasTorchvisionsParametersAndBottleneckV15Shapes() {
    Graph g = get("resnet50");
    assertEquals(25_557_032L, g.parameterCount());
    assertMacsWithinOnePercent(4.09e9, g);
    assertInfoDescribes(g);
    assertEquals(Shape.of(1, 64, 56, 56), shapeOf(g, "maxpool"));
    assertEquals(Shape.of(1, 256, 56, 56), shapeOf(g, "layer1.2.relu_2"));
    assertEquals(Shape.of(1, 512, 28, 28), shapeOf(g, "layer2.3.relu_2"));
    assertEquals(Shape.of(1, 1024, 14, 14), shapeOf(g, "layer3.5.relu_2"));
    assertEquals(Shape.of(1, 2048, 7, 7), shapeOf(g, "layer4.2.relu_2"));
    assertEquals(Shape.of(1, 1000), shapeOf(g, "logits"));
    // v1.5: the stride of a down-sampling block is on the 3x3 conv, so conv1 still sees 56x56 in layer2.0.
    assertEquals(Shape.of(1, 128, 56, 56), shapeOf(g, "layer2.0.conv1"));
    assertArrayEquals(new long[] {2, 2}, g.node("layer2.0.conv2").attrs().getInts("strides", null));
    assertEquals(53, nodesOf(g, OpType.CONV).size(), "49 convs in blocks and stem + 4 downsample");
    assertEquals(16, nodesOf(g, OpType.ADD).size());
    for (Node conv : nodesOf(g, OpType.CONV)) {
      assertEquals(2, conv.inputs().size(), conv.name() + " has no bias, as in torchvision");
    }
    assertEquals(16, nodesOf(g, OpType.BATCH_NORMALIZATION).stream()
        .filter(bn -> g.initializer(bn.input(1)).toFloats()[0] < 0.4f).count(),
        "each block's bn3 has a damped gamma, no other BN has");
  }

  @Test
  void resnet18HasTorchvisionsParameters() {
    Graph g = get("resnet18");
    assertEquals(11_689_512L, g.parameterCount());
    assertMacsWithinOnePercent(1.81e9, g);
    assertInfoDescribes(g);
    assertEquals(Shape.of(1, 512, 7, 7), shapeOf(g, "layer4.1.relu_1"));
    assertEquals(Shape.of(1, 1000), shapeOf(g, "logits"));
    assertEquals(3, nodesOf(g, OpType.CONV).stream().filter(n -> n.name().endsWith("downsample.0")).count());
  }

  @Test
  void vgg16HasTorchvisionsParametersAndClassifier() {
    Graph g = get("vgg16");
    assertEquals(138_357_544L, g.parameterCount());
    assertMacsWithinOnePercent(15.47e9, g);
    assertInfoDescribes(g);
    assertEquals(Shape.of(1, 64, 224, 224), shapeOf(g, "features.1"));
    assertEquals(Shape.of(1, 512, 7, 7), shapeOf(g, "features.30"));
    assertEquals(Shape.of(1, 25088), shapeOf(g, "flatten"));
    assertEquals(Shape.of(4096, 25088), g.initializer("classifier.0.weight").shape());
    assertEquals(Shape.of(1, 1000), shapeOf(g, "logits"));
    assertEquals(13, nodesOf(g, OpType.CONV).size());
    for (Node conv : nodesOf(g, OpType.CONV)) {
      assertEquals(3, conv.inputs().size(), conv.name() + " has a bias, as in torchvision");
    }
    assertEquals(2, nodesOf(g, OpType.DROPOUT).size());
    assertEquals(0, nodesOf(g, OpType.BATCH_NORMALIZATION).size());
  }

  @Test
  void inceptionV3WithoutAuxHeadHasTorchvisionsParametersAndGridSizes() {
    Graph g = get("inception_v3");
    // torchvision's inception_v3 has 27,161,264 parameters with AuxLogits; the aux head is
    // BasicConv2d(768, 128, 1) 98,560 + BasicConv2d(128, 768, 5) 2,459,136 + Linear(768, 1000) 769,000.
    assertEquals(27_161_264L - 98_560L - 2_459_136L - 769_000L, g.parameterCount());
    assertEquals(23_834_568L, g.parameterCount());
    assertMacsWithinOnePercent(5.71e9, g);
    assertInfoDescribes(g);
    assertEquals(Shape.of(1, 192, 35, 35), shapeOf(g, "maxpool2"));
    assertEquals(Shape.of(1, 256, 35, 35), shapeOf(g, "Mixed_5b.concat"));
    assertEquals(Shape.of(1, 288, 35, 35), shapeOf(g, "Mixed_5d.concat"));
    assertEquals(Shape.of(1, 768, 17, 17), shapeOf(g, "Mixed_6a.concat"));
    assertEquals(Shape.of(1, 768, 17, 17), shapeOf(g, "Mixed_6e.concat"));
    assertEquals(Shape.of(1, 1280, 8, 8), shapeOf(g, "Mixed_7a.concat"));
    assertEquals(Shape.of(1, 2048, 8, 8), shapeOf(g, "Mixed_7c.concat"));
    assertEquals(Shape.of(1, 1000), shapeOf(g, "logits"));
    assertEquals(94, nodesOf(g, OpType.CONV).size());
  }

  @Test
  void inceptionV3FactorizedConvsAndPoolsFollowTorchvision() {
    Graph g = get("inception_v3");
    Node oneBySeven = g.node("Mixed_6b.branch7x7_2.conv");
    assertEquals(Shape.of(128, 128, 1, 7), g.initializer("Mixed_6b.branch7x7_2.conv.weight").shape());
    assertArrayEquals(new long[] {0, 3, 0, 3}, oneBySeven.attrs().getInts("pads", null));
    assertArrayEquals(new long[] {3, 0, 3, 0}, g.node("Mixed_6b.branch7x7_3.conv").attrs().getInts("pads", null));
    assertArrayEquals(new long[] {1, 0, 1, 0}, g.node("Mixed_7c.branch3x3_2b.conv").attrs().getInts("pads", null));
    Node avgPool = g.node("Mixed_5b.avg_pool");
    assertArrayEquals(new long[] {3, 3}, avgPool.attrs().getInts("kernel_shape", null));
    assertArrayEquals(new long[] {1, 1}, avgPool.attrs().getInts("strides", null));
    assertArrayEquals(new long[] {1, 1, 1, 1}, avgPool.attrs().getInts("pads", null));
    assertEquals(1, avgPool.attrs().getInt("count_include_pad", 0));
    assertEquals(9, nodesOf(g, OpType.AVERAGE_POOL).size(), "one per InceptionA, C and E block");
    for (Node bn : nodesOf(g, OpType.BATCH_NORMALIZATION)) {
      assertEquals(0.001f, bn.attrs().getFloat("epsilon", 0), bn.name());
    }
    assertEquals(Shape.of(1, 768, 8, 8), shapeOf(g, "Mixed_7b.branch3x3"), "split pair concatenated first");
  }

  @Test
  void mobilenetV2HasTorchvisionsParametersAndDepthwiseConvs() {
    Graph g = get("mobilenet_v2");
    assertEquals(3_504_872L, g.parameterCount());
    assertMacsWithinOnePercent(0.30e9, g);
    assertInfoDescribes(g);
    assertEquals(Shape.of(1, 1280, 7, 7), shapeOf(g, "features.18.2"));
    assertEquals(Shape.of(1, 320, 7, 7), shapeOf(g, "features.17.conv.3"));
    assertEquals(Shape.of(1, 1000), shapeOf(g, "logits"));
    int depthwise = 0;
    for (Node conv : nodesOf(g, OpType.CONV)) {
      long group = conv.attrs().getInt("group", 1);
      if (group > 1) {
        depthwise++;
        assertEquals(Shape.of(group, 1, 3, 3), g.initializer(conv.input(1)).shape(), conv.name());
      }
    }
    assertEquals(17, depthwise, "one depthwise conv per inverted residual block");
    assertEquals(10, nodesOf(g, OpType.ADD).size(), "blocks with stride 1 and unchanged channels");
    assertEquals(35, nodesOf(g, OpType.CLIP).size());
    for (Node clip : nodesOf(g, OpType.CLIP)) {
      assertEquals(0.0, g.initializer(clip.input(1)).getDouble(0), clip.name());
      assertEquals(6.0, g.initializer(clip.input(2)).getDouble(0), clip.name());
    }
    assertEquals(1, nodesOf(g, OpType.CLIP).stream().map(n -> n.input(1)).distinct().count(),
        "all ReLU6 share one pair of scalar bounds");
  }

  @Test
  void tinyCnnIsSmallAndHasEveryConstructOfTheBigModels() {
    Graph g = get("tiny_cnn");
    assertEquals(10_138L, g.parameterCount());
    assertInfoDescribes(g);
    assertEquals(Shape.of(1, 16, 16, 16), shapeOf(g, "layer1.0.relu_1"));
    assertEquals(Shape.of(1, 32, 8, 8), shapeOf(g, "relu_1"));
    assertEquals(Shape.of(1, 10), shapeOf(g, "logits"));
    for (OpType op : new OpType[] {OpType.CONV, OpType.BATCH_NORMALIZATION, OpType.RELU, OpType.MAX_POOL,
        OpType.ADD, OpType.GLOBAL_AVERAGE_POOL, OpType.FLATTEN, OpType.GEMM}) {
      assertTrue(!nodesOf(g, op).isEmpty(), "tiny_cnn has a " + op.onnxName());
    }
  }
}
