package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.sparsify.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of every non-conv INT8 op. */
class Int8OpsTest {
  private static byte[] runTwo(Graph g, Map<String, Integer> fix, byte[] x, byte[] z) {
    QuantizedModel m = Nets.quantize(g, fix);
    try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults())) {
      return e.runQuantized(Map.of("x", Nets.int8(x, g.inputs().get(0).type().shape().toArray()),
          "z", Nets.int8(z, g.inputs().get(1).type().shape().toArray()))).get("y").toByteArray();
    }
  }

  private static Graph two(OpType op, Attributes a, long[] xDims, long[] zDims) {
    Graph.Builder b = Graph.builder("two");
    b.addInput("x", TensorType.of(DataType.FLOAT, xDims));
    b.addInput("z", TensorType.of(DataType.FLOAT, zDims));
    b.add(op, "y", a, "x", "z");
    return b.addOutput("y").build();
  }

  @Test
  void addAlignsBothInputsToTheFinerFixThenRoundsTiesToEvenAndSaturates() {
    Graph g = two(OpType.ADD, Attributes.empty(), new long[] {1, 5}, new long[] {1, 5});
    // x at 1/4, z at 1/8, y at 1/4: (2x + z) / 2
    byte[] y = runTwo(g, Map.of("x", 2, "z", 3, "y", 2), new byte[] {3, 2, 100, -100, 1}, new byte[] {5, 5, 100, -100, -1});
    assertArrayEquals(new byte[] {6, 4, 127, -128, 0}, y); // 5.5, 4.5, 150, -150, 0.5
  }

  @Test
  void concatRescalesEachInputToTheOutputFix() {
    Graph g = two(OpType.CONCAT, Attributes.empty().with("axis", 1L), new long[] {1, 1, 1, 2}, new long[] {1, 2, 1, 2});
    byte[] y = runTwo(g, Map.of("x", 4, "z", 1, "y", 2), new byte[] {50, 51}, new byte[] {-11, 70, 3, -1});
    // x >> 2: 12.5 -> 12, 12.75 -> 13; z << 1: -22, 140 -> 127, 6, -2
    assertArrayEquals(new byte[] {12, 13, -22, 127, 6, -2}, y);
  }

  private static byte[] runOne(Graph g, Map<String, Integer> fix, byte[] x) {
    return Nets.run(Nets.quantize(g, fix), x);
  }

  private static Attributes pool(long k, long s, long... pads) {
    return Attributes.empty().with("kernel_shape", new long[] {k, k}).with("strides", new long[] {s, s})
        .with("pads", pads);
  }

  @Test
  void maxPoolIgnoresPaddingAndKeepsTheFixPosition() {
    Graph g = Nets.graph("max", new long[] {1, 1, 3, 3}, "y",
        b -> b.add(OpType.MAX_POOL, "y", pool(2, 2, 1, 1, 1, 1), "x"));
    byte[] y = runOne(g, Map.of("x", 3), new byte[] {-5, -6, -7, -8, -9, -10, -11, -12, -13});
    assertArrayEquals(new byte[] {-5, -6, -8, -9}, y);
    assertEquals(3, Nets.quantize(g, Map.of("x", 3)).fix("y"));
  }

  @Test
  void averagePoolDividesByTheWindowCountRoundingTiesToEven() {
    byte[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    Graph withPad = Nets.graph("avg", new long[] {1, 1, 3, 3}, "y", b -> b.add(OpType.AVERAGE_POOL, "y",
        pool(2, 2, 0, 0, 1, 1).with("count_include_pad", 1L), "x"));
    // y at twice the resolution: 2 * sum / 4 over windows 12, 9, 15, 9: 6, 4.5, 7.5, 4.5
    assertArrayEquals(new byte[] {6, 4, 8, 4}, runOne(withPad, Map.of("x", 0, "y", 1), x));
    Graph withoutPad = Nets.graph("avg", new long[] {1, 1, 3, 3}, "y", b -> b.add(OpType.AVERAGE_POOL, "y",
        pool(2, 2, 0, 0, 1, 1), "x"));
    // counts 4, 2, 2, 1
    assertArrayEquals(new byte[] {6, 9, 15, 18}, runOne(withoutPad, Map.of("x", 0, "y", 1), x));
  }

  @Test
  void globalAveragePoolRoundsTheMeanTiesToEven() {
    Graph g = Nets.graph("gap", new long[] {1, 2, 2, 2}, "y",
        b -> b.add(OpType.GLOBAL_AVERAGE_POOL, "y", Attributes.empty(), "x"));
    byte[] x = {1, 2, 3, 5, -1, -2, -3, -4};
    assertArrayEquals(new byte[] {3, -2}, runOne(g, Map.of("x", 3, "y", 3), x)); // 2.75, -2.5
    assertArrayEquals(new byte[] {11, -10}, runOne(g, Map.of("x", 3, "y", 5), x));
  }

  @Test
  void reluAndClipClampAtBoundsQuantizedAtTheValuesFix() {
    Graph relu = Nets.graph("relu", new long[] {1, 3}, "y", b -> b.add(OpType.RELU, "y", Attributes.empty(), "x"));
    assertArrayEquals(new byte[] {0, 0, 7}, runOne(relu, Map.of("x", 3), new byte[] {-5, 0, 7}));
    Graph clip = Nets.graph("clip", new long[] {1, 4}, "y", b -> {
      b.addInitializer("lo", Nets.floats(new float[] {-0.5f}));
      b.addInitializer("hi", Nets.floats(new float[] {1f}));
      b.add(OpType.CLIP, "y", Attributes.empty(), "x", "lo", "hi");
    });
    assertArrayEquals(new byte[] {-4, -3, 5, 8}, runOne(clip, Map.of("x", 3), new byte[] {-100, -3, 5, 100}));
  }

  @Test
  void flattenKeepsTheBytes() {
    Graph g = Nets.graph("flat", new long[] {1, 2, 1, 2}, "y",
        b -> b.add(OpType.FLATTEN, "y", Attributes.empty().with("axis", 1L), "x"));
    assertArrayEquals(new byte[] {1, -2, 3, -4}, runOne(g, Map.of("x", 0), new byte[] {1, -2, 3, -4}));
  }

  @Test
  void floatInputsAreQuantizedLikeQuantizeLinearAndOutputsDequantized() {
    Graph g = Nets.graph("flat", new long[] {1, 4}, "y", b -> b.add(OpType.RELU, "y", Attributes.empty(), "x"));
    QuantizedModel m = Nets.quantize(g, Map.of("x", 4));
    try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults())) {
      // 2.5, 3.5, 7.9 and 100 steps of 1/16
      Tensor in = Nets.floats(new float[] {2.5f / 16, 3.5f / 16, 7.9f / 16, 100f}, 2, 2);
      Map<String, Tensor> q = e.runQuantized(Map.of("x", Nets.floats(in.toFloats(), 1, 4)));
      assertArrayEquals(new byte[] {2, 4, 8, 127}, q.get("y").toByteArray());
      assertArrayEquals(new float[] {2 / 16f, 4 / 16f, 8 / 16f, 127 / 16f},
          e.run(Map.of("x", Nets.floats(in.toFloats(), 1, 4))).get("y").toFloats());
      // a batch of two runs sample by sample
      Tensor batch = Nets.floats(new float[] {-1, 0.0625f, 1, 2, 3, 4, 5, 6}, 2, 4);
      Tensor out = e.run(Map.of("x", batch)).get("y");
      assertEquals(bsc.ir.Shape.of(2, 4), out.shape());
      assertArrayEquals(new float[] {0, 0.0625f, 1, 2, 3, 4, 5, 6}, out.toFloats());
    }
  }
}
