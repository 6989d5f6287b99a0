package bsc.sim.fp32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Residual Adds (and the Relu after them) folded into the conv that feeds them, against the ONNX
 * definitions evaluated directly: Relu(Conv(x) + r) on a batch of two, with the residual a value that
 * dies at the Add (accumulated in place) and a caller's input (copied, never changed).
 */
class ResidualFusionTest {
  private static final ConvPathsTest.Conv PAD1 = ConvPathsTest.Conv.of(1, 1);

  /** x -> conv a (3x3, relu) -> conv b (1x1 or 3x3) -> Add(b, r) -> Relu, r = conv a's output or the input. */
  private static Graph residualNet(Tensor wa, Tensor ba, Tensor wb, Tensor bb, boolean residualIsInput, boolean relu) {
    long k = wb.shape().toArray()[2];
    Graph.Builder g = Graph.builder("residual").addInput("x", TensorType.of(DataType.FLOAT, 2, 4, 6, 6))
        .addInitializer("wa", wa).addInitializer("ba", ba).addInitializer("wb", wb).addInitializer("bb", bb);
    String a = g.add(OpType.CONV, "a", PAD1.attrs().with("activation", "relu"), "x", "wa", "ba");
    String b = g.add(OpType.CONV, "b", ConvPathsTest.Conv.of(1, (int) k / 2).attrs(), a, "wb", "bb");
    String sum = g.add(OpType.ADD, "add", Attributes.empty(), b, residualIsInput ? "x" : a);
    String out = relu ? g.add(OpType.RELU, "relu", Attributes.empty(), sum) : sum;
    return g.addOutput(out).build();
  }

  private static void check(long k, boolean residualIsInput, boolean relu) {
    Random r = new Random(11 + k);
    Tensor x = Fp32ExecutorTest.random(r, 2, 4, 6, 6);
    Tensor wa = Fp32ExecutorTest.random(r, 4, 4, 3, 3);
    Tensor ba = Fp32ExecutorTest.random(r, 4);
    Tensor wb = Fp32ExecutorTest.random(r, 4, 4, k, k);
    Tensor bb = Fp32ExecutorTest.random(r, 4);
    long[] xs = x.shape().toArray();
    float[] a = ConvPathsTest.direct(x.toFloats(), xs, wa.toFloats(), wa.shape().toArray(), ba.toFloats(),
        new ConvPathsTest.Conv(1, 1, 1, new long[] {1, 1, 1, 1}, "relu"));
    float[] want = ConvPathsTest.direct(a, xs, wb.toFloats(), wb.shape().toArray(), bb.toFloats(),
        ConvPathsTest.Conv.of(1, (int) k / 2));
    float[] res = residualIsInput ? x.toFloats() : a;
    for (int i = 0; i < want.length; i++) {
      want[i] = relu ? Math.max(0, want[i] + res[i]) : want[i] + res[i];
    }
    Graph g = residualNet(wa, ba, wb, bb, residualIsInput, relu);
    float[] xBefore = x.toFloats();
    try (Fp32Executor e = new Fp32Executor(g)) {
      assertEquals(List.of("a", "b"), e.plan().stream().map(bsc.ir.Node::name).toList(),
          "the Add" + (relu ? " and the Relu" : "") + " run inside conv b");
      for (int run = 0; run < 2; run++) {
        float[] got = e.run(Map.of("x", x)).get(g.outputs().get(0).name()).toFloats();
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], 1e-4f * (1 + Math.abs(want[i])), "element " + i + ", run " + run);
        }
      }
    }
    assertArrayEquals(xBefore, x.toFloats(), "the caller's input is left as it was");
  }

  @Test
  void aPointwiseConvAccumulatesIntoAResidualThatDiesAtTheAddThenAppliesTheRelu() {
    check(1, false, true);
  }

  @Test
  void a3x3ConvAddsACallersInputWithoutChangingIt() {
    check(3, true, true);
  }

  @Test
  void anAddWithoutARelu() {
    check(3, false, false);
  }

  @Test
  void aConvWhoseOutputIsAlsoReadElsewhereIsNotFolded() {
    Random r = new Random(3);
    Graph.Builder g = Graph.builder("shared").addInput("x", TensorType.of(DataType.FLOAT, 1, 4, 5, 5))
        .addInitializer("w", Fp32ExecutorTest.random(r, 4, 4, 3, 3));
    String c = g.add(OpType.CONV, "c", PAD1.attrs(), "x", "w");
    String s = g.add(OpType.ADD, "add", Attributes.empty(), c, "x");
    g.add(OpType.MUL, "mul", Attributes.empty(), c, s);
    try (Fp32Executor e = new Fp32Executor(g.addOutput("mul").build())) {
      assertEquals(List.of("c", "add", "mul"), e.plan().stream().map(bsc.ir.Node::name).toList());
    }
  }
}
