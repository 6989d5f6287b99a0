package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.sparsify.quant.FixedPoint;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A Relu or Clip that is the only reader of an Add runs inside the Add: the same bytes as the two nodes
 * one after the other, the Add's own value still exposed by runAllValues, and no fusion where another node
 * or the graph's outputs read the Add.
 */
class AddReluFusionTest {
  private static final int N = 1000;
  private static final Map<String, Integer> FIX = Map.of("x", 3, "z", 4, "s", 3, "y", 3, "w", 3);

  private static Graph graph(boolean sumAlsoRead, boolean clip) {
    Graph.Builder b = Graph.builder("add-relu");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, N));
    b.addInput("z", TensorType.of(DataType.FLOAT, 1, N));
    b.add(OpType.ADD, "s", Attributes.empty(), "x", "z");
    if (clip) {
      b.addInitializer("lo", Nets.floats(new float[] {-1.5f}));
      b.addInitializer("hi", Nets.floats(new float[] {2f}));
      b.add(OpType.CLIP, "y", Attributes.empty(), "s", "lo", "hi");
    } else {
      b.add(OpType.RELU, "y", Attributes.empty(), "s");
    }
    if (sumAlsoRead) {
      b.add(OpType.ADD, "w", Attributes.empty(), "y", "s");
      return b.addOutput("w").build();
    }
    return b.addOutput("y").build();
  }

  private static byte[] expectedSum(byte[] x, byte[] z) {
    byte[] s = new byte[N];
    for (int i = 0; i < N; i++) {
      s[i] = (byte) FixedPoint.add(x[i], 3, z[i], 4, 3);
    }
    return s;
  }

  private static void check(boolean sumAlsoRead, boolean clip, boolean vector) {
    Random r = new Random(17);
    byte[] x = new byte[N];
    byte[] z = new byte[N];
    r.nextBytes(x);
    r.nextBytes(z);
    byte[] s = expectedSum(x, z);
    int lo = clip ? -12 : 0; // -1.5 and 2 at fix 3
    int hi = clip ? 16 : FixedPoint.INT8_MAX;
    byte[] y = new byte[N];
    byte[] w = new byte[N];
    for (int i = 0; i < N; i++) {
      y[i] = (byte) FixedPoint.clamp(s[i], lo, hi);
      w[i] = (byte) FixedPoint.add(y[i], 3, s[i], 3, 3);
    }
    Graph g = graph(sumAlsoRead, clip);
    Int8Executor.Options o = Int8Executor.Options.defaults().withVector(vector);
    try (Int8Executor e = new Int8Executor(Nets.quantize(g, FIX), o)) {
      Map<String, Tensor> in = Map.of("x", Nets.int8(x, 1, N), "z", Nets.int8(z, 1, N));
      String out = sumAlsoRead ? "w" : "y";
      assertArrayEquals(sumAlsoRead ? w : y, e.runQuantized(in).get(out).toByteArray(), out);
      Map<String, Long> nanos = e.nodeNanos();
      assertTrue(nanos.get("s") > 0);
      assertEquals(!sumAlsoRead, nanos.get("y") == 0, "the clamp ran inside the Add");
      Map<String, byte[]> all = e.runAllValues(in);
      assertArrayEquals(s, all.get("s"));
      assertArrayEquals(y, all.get("y"));
    }
  }

  @Test
  void aReluOrClipReadingOnlyTheAddRunsInsideItWithTheSameBytes() {
    for (boolean vector : new boolean[] {false, true}) {
      check(false, false, vector);
      check(false, true, vector);
    }
  }

  @Test
  void anAddReadByAnotherNodeTooIsNotFused() {
    for (boolean vector : new boolean[] {false, true}) {
      check(true, false, vector);
    }
  }
}
