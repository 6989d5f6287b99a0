package bsc.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** NetBuilder draws its seeded initializers on several threads; the graph must not depend on them. */
class ParallelDrawsTest {
  @Test
  void aNetDrawnOnFourThreadsHasTheInitializersOfOneThreadAndOfEachTensorDrawnAlone() {
    Graph one = net().build(1);
    for (int run = 0; run < 3; run++) {
      Graph four = net().build(4);
      assertEquals(List.copyOf(one.initializers().keySet()), List.copyOf(four.initializers().keySet()));
      one.initializers().forEach((name, t) -> assertTrue(t.bytes().equals(four.initializer(name).bytes()), name));
    }
    // the sequential definition: each tensor is its own seeded draw, whatever was drawn before it
    SeededWeights alone = new SeededWeights("draws", 11);
    assertBytes(alone.heNormal("conv2.weight", Shape.of(32, 16, 3, 3), 16 * 9), one.initializer("conv2.weight"));
    assertBytes(alone.uniform("bn2.running_var", Shape.of(32), 0.5, 1.5), one.initializer("bn2.running_var"));
    assertBytes(alone.normal("fc.weight", Shape.of(10, 32), 0, 0.01), one.initializer("fc.weight"));
    assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "relu6.min",
        "relu6.max", "conv2.weight"), List.copyOf(one.initializers().keySet()).subList(0, 8));
  }

  @Test
  void everyTensorLandsAtItsIndexWhicheverThreadDrewIt() {
    List<Supplier<Tensor>> draws = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      float v = i;
      draws.add(() -> Tensor.ofFloats(Shape.of(1 + (int) v % 7), filled(1 + (int) v % 7, v)));
    }
    Tensor[] drawn = ParallelDraws.all(draws, 4);
    for (int i = 0; i < drawn.length; i++) {
      assertEquals(1 + i % 7, drawn[i].toFloats().length);
      assertEquals(i, drawn[i].toFloats()[0], 0f);
    }
  }

  @Test
  void aFailedDrawReachesTheCallerWhicheverThreadRanIt() {
    List<Supplier<Tensor>> draws = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int k = i;
      draws.add(() -> {
        if (k == 37) {
          throw new IllegalStateException("draw 37 failed");
        }
        return Tensor.ofFloats(Shape.of(1), new float[] {k});
      });
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelDraws.all(draws, 3));
    assertEquals("draw 37 failed", e.getMessage());
  }

  private static NetBuilder net() {
    NetBuilder net = new NetBuilder("draws", 11, 1, 3, 16, 16);
    String x = net.conv("conv1", NetBuilder.INPUT, ConvSpec.of(3, 16, 3).pad(1));
    x = net.batchNorm("bn1", x, 16, NetBuilder.TORCH_BN_EPSILON);
    x = net.relu6("relu6_1", x);
    x = net.conv("conv2", x, ConvSpec.of(16, 32, 3).pad(1));
    x = net.batchNorm("bn2", x, 32, NetBuilder.TORCH_BN_EPSILON);
    x = net.relu6("relu6_2", x);
    x = net.globalAveragePool("avgpool", x);
    x = net.flatten("flatten", x);
    net.logits("fc", x, 32, 10);
    return net;
  }

  private static float[] filled(int n, float v) {
    float[] a = new float[n];
    Arrays.fill(a, v);
    return a;
  }

  private static void assertBytes(Tensor expected, Tensor actual) {
    assertTrue(expected.bytes().equals(actual.bytes()));
  }
}
