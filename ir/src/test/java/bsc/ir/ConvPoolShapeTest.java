package bsc.ir;

import static bsc.ir.TestGraphs.assertFails;
import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static bsc.ir.TestGraphs.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.ops.Shapes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output shapes and MAC counts of Conv and the pools, against sizes computed by hand. */
class ConvPoolShapeTest {
  /** One Conv of x (as typed) with a zero weight of {@code weight} dims; returns the built graph. */
  private static Graph conv(TensorType x, long[] weight, Attributes a) {
    Graph.Builder b = Graph.builder("g").addInput("x", x).addInitializer("w", zeros(weight));
    b.add(OpType.CONV, "conv", a, "x", "w");
    return b.addOutput("conv").build();
  }

  private static Shape convShape(TensorType x, long[] weight, Attributes a) {
    return conv(x, weight, a).type("conv").shape();
  }

  @Test
  void resnetConv1HalvesTheImageAndCosts118MillionMacs() {
    Graph g = conv(f32(1, 3, 224, 224), new long[] {64, 3, 7, 7},
        attrs().with("strides", new long[] {2, 2}).with("pads", new long[] {3, 3, 3, 3}));
    assertEquals(Shape.of(1, 64, 112, 112), g.type("conv").shape());
    assertEquals(118_013_952L, g.macs(g.node("conv")));
    assertEquals(118_013_952L, g.totalMacs());
  }

  @Test
  void convWithoutPaddingShrinksByKernelMinusOne() {
    assertEquals(Shape.of(2, 8, 30, 28), convShape(f32(2, 3, 32, 32), new long[] {8, 3, 3, 5}, attrs()));
  }

  @Test
  void asymmetricPadsApplyBeginAndEndPerAxis() {
    // pads = [h_begin, w_begin, h_end, w_end]: H 5+0+2-3+1 = 5, W 5+1+3-3+1 = 7
    Attributes a = attrs().with("pads", new long[] {0, 1, 2, 3});
    assertEquals(Shape.of(1, 1, 5, 7), convShape(f32(1, 1, 5, 5), new long[] {1, 1, 3, 3}, a));
  }

  @Test
  void dilationWidensTheEffectiveKernel() {
    // effective kernel (3-1)*2+1 = 5: 10-5+1 = 6
    Attributes a = attrs().with("dilations", new long[] {2, 2});
    assertEquals(Shape.of(1, 1, 6, 6), convShape(f32(1, 1, 10, 10), new long[] {1, 1, 3, 3}, a));
  }

  @Test
  void stridedDilatedConvFloorsTheLastWindow() {
    // effective kernel 5, (11+2-5)/3+1 = 3 (floor of 8/3)
    Attributes a = attrs().with("dilations", new long[] {2, 2}).with("strides", new long[] {3, 3})
        .with("pads", new long[] {1, 1, 1, 1});
    assertEquals(Shape.of(1, 4, 3, 3), convShape(f32(1, 2, 11, 11), new long[] {4, 2, 3, 3}, a));
  }

  @Test
  void depthwiseConvCountsOneInputChannelPerOutput() {
    Graph g = conv(f32(1, 32, 16, 16), new long[] {32, 1, 3, 3},
        attrs().with("group", 32L).with("pads", new long[] {1, 1, 1, 1}));
    assertEquals(Shape.of(1, 32, 16, 16), g.type("conv").shape());
    assertEquals(32L * 16 * 16 * 9, g.macs(g.node("conv")));
  }

  @Test
  void groupedConvChecksChannelsPerGroup() {
    Graph g = conv(f32(1, 8, 4, 4), new long[] {6, 4, 1, 1}, attrs().with("group", 2L));
    assertEquals(Shape.of(1, 6, 4, 4), g.type("conv").shape());
    assertEquals(6L * 16 * 4, g.macs(g.node("conv")));
    assertFails(() -> conv(f32(1, 8, 4, 4), new long[] {6, 8, 1, 1}, attrs().with("group", 2L)),
        "node conv (Conv)", "group 2");
  }

  @Test
  void sameUpperAndValidAutoPadGiveCeilAndFloorSizes() {
    Attributes s2 = attrs().with("strides", new long[] {2, 2});
    long[] w = {1, 1, 3, 3};
    assertEquals(Shape.of(1, 1, 4, 4), convShape(f32(1, 1, 7, 7), w, s2.with("auto_pad", "SAME_UPPER")));
    assertEquals(Shape.of(1, 1, 4, 4), convShape(f32(1, 1, 7, 7), w, s2.with("auto_pad", "SAME_LOWER")));
    assertEquals(Shape.of(1, 1, 3, 3), convShape(f32(1, 1, 7, 7), w, s2.with("auto_pad", "VALID")));
    assertEquals(Shape.of(1, 1, 7, 7), convShape(f32(1, 1, 7, 7), w, attrs().with("auto_pad", "SAME_UPPER")));
  }

  @Test
  void sameUpperPutsTheOddPadAtTheEndAndSameLowerAtTheBegin() {
    // in 8, kernel 3, stride 2: out 4, total pad (4-1)*2+3-8 = 1
    Node n = Node.of("conv", OpType.CONV, List.of("x", "w"), List.of("y"));
    InferenceContext ctx = new InferenceContext(n, List.of(f32(1, 1, 8), f32(1, 1, 3)), List.of());
    long[] in = {8};
    long[] k = {3};
    long[] one = {1};
    long[] two = {2};
    assertArrayEquals(new long[] {0, 1}, Shapes.pads(ctx, in, k, two, one, "SAME_UPPER", null));
    assertArrayEquals(new long[] {1, 0}, Shapes.pads(ctx, in, k, two, one, "SAME_LOWER", null));
    assertArrayEquals(new long[] {0, 0}, Shapes.pads(ctx, in, k, two, one, "VALID", null));
  }

  @Test
  void conv1dAndConv3dUseEverySpatialAxis() {
    assertEquals(Shape.of(1, 4, 8), convShape(f32(1, 2, 10), new long[] {4, 2, 3}, attrs()));
    assertEquals(Shape.of(1, 4, 3, 4, 5), convShape(f32(1, 2, 5, 6, 7), new long[] {4, 2, 3, 3, 3}, attrs()));
  }

  @Test
  void unknownBatchStaysUnknownAndSpatialSizesStayExact() {
    assertEquals(Shape.of(Shape.UNKNOWN, 8, 30, 30), convShape(f32(-1, 3, 32, 32), new long[] {8, 3, 3, 3}, attrs()));
  }

  @Test
  void badConvsFailNamingTheNode() {
    assertFails(() -> conv(f32(1, 3, 2, 2), new long[] {8, 3, 3, 3}, attrs()), "node conv (Conv)", "larger than");
    assertFails(() -> conv(f32(1, 3, 8, 8), new long[] {8, 3, 3, 3}, attrs().with("pads", new long[] {1, 1})),
        "node conv (Conv)", "pads has 2 values");
    assertFails(() -> conv(f32(1, 3, 8, 8), new long[] {8, 3, 3, 3}, attrs().with("auto_pad", "SAME")),
        "node conv (Conv)", "auto_pad");
    assertFails(() -> conv(f32(1, 3, 8, 8), new long[] {8, 3, 3, 3}, attrs().with("strides", new long[] {0, 1})),
        "node conv (Conv)", "positive");
    assertFails(() -> conv(f32(1, 3, 8, 8), new long[] {8, 3, 3}, attrs()), "node conv (Conv)", "rank");
  }

  private static Shape pool(OpType op, TensorType x, Attributes a) {
    Graph.Builder b = Graph.builder("g").addInput("x", x);
    b.add(op, "pool", a, "x");
    return b.addOutput("pool").build().type("pool").shape();
  }

  @Test
  void resnetMaxPoolHalvesTheImage() {
    Attributes a = attrs().with("kernel_shape", new long[] {3, 3}).with("strides", new long[] {2, 2})
        .with("pads", new long[] {1, 1, 1, 1});
    assertEquals(Shape.of(1, 64, 56, 56), pool(OpType.MAX_POOL, f32(1, 64, 112, 112), a));
  }

  @Test
  void ceilModeKeepsAPartialLastWindow() {
    Attributes a = attrs().with("kernel_shape", new long[] {3, 3}).with("strides", new long[] {2, 2});
    // (6-3)/2 = 1.5: floor gives 2 windows, ceil 3
    assertEquals(Shape.of(1, 1, 2, 2), pool(OpType.MAX_POOL, f32(1, 1, 6, 6), a));
    assertEquals(Shape.of(1, 1, 3, 3), pool(OpType.MAX_POOL, f32(1, 1, 6, 6), a.with("ceil_mode", 1L)));
    assertEquals(Shape.of(1, 1, 3, 3), pool(OpType.AVERAGE_POOL, f32(1, 1, 6, 6), a.with("ceil_mode", 1L)));
  }

  @Test
  void ceilModeDropsAWindowThatWouldStartInTheEndPadding() {
    // in 3, kernel 1, stride 2, end pad 1: ceil(3/2)+1 = 3 windows, but the third starts at 4 > 3
    Attributes a = attrs().with("kernel_shape", new long[] {1, 1}).with("strides", new long[] {2, 2})
        .with("pads", new long[] {0, 0, 1, 1}).with("ceil_mode", 1L);
    assertEquals(Shape.of(1, 1, 2, 2), pool(OpType.MAX_POOL, f32(1, 1, 3, 3), a));
  }

  @Test
  void globalPoolsKeepBatchAndChannels() {
    assertEquals(Shape.of(2, 512, 1, 1), pool(OpType.GLOBAL_AVERAGE_POOL, f32(2, 512, 7, 7), attrs()));
    assertEquals(Shape.of(2, 512, 1), pool(OpType.GLOBAL_MAX_POOL, f32(2, 512, 9), attrs()));
  }

  @Test
  void poolWithoutKernelFailsNamingTheNode() {
    assertFails(() -> pool(OpType.MAX_POOL, f32(1, 1, 6, 6), attrs()), "node pool (MaxPool)", "kernel_shape");
  }
}
