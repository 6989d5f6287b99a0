package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FuseActivationTest {
  private final Pass pass = new FuseActivation();

  /** Four convs, followed by Relu, Clip(0, 6), LeakyRelu(0.2) and Clip(-0.5, none) to the output. */
  static Graph activations(long seed) {
    TestNet t = new TestNet("activations", seed);
    String x = t.input("x", 1, 3, 6, 6);
    String a = t.op(OpType.RELU, "relu", t.conv("conv1", x, 3, 4, 3));
    String b = t.op(OpType.CLIP, "relu6", t.conv("conv2", a, 4, 4, 3), t.scalar("zero", 0), t.scalar("six", 6));
    String c = t.op(OpType.LEAKY_RELU, "leaky", Attributes.empty().with("alpha", 0.2f), t.conv("conv3", b, 4, 4, 1));
    t.op(OpType.CLIP, "y", t.conv("conv4", c, 4, 2, 3), t.scalar("lo", -0.5f));
    return t.build("y");
  }

  @Test
  void fusesEachActivationIntoItsConv() {
    Graph after = Golden.assertPass(pass, activations(1));
    assertEquals(List.of(OpType.CONV, OpType.CONV, OpType.CONV, OpType.CONV),
        after.nodes().stream().map(Node::op).toList());
    Attributes last = after.node("conv4").attrs();
    assertEquals(-0.5f, last.getFloat("activation_min", 0));
    assertEquals(Float.POSITIVE_INFINITY, last.getFloat("activation_max", 0));
    assertEquals("y", after.node("conv4").output());
  }

  @Test
  void computesTheSameOutputsInOnnxRuntime() {
    Graph before = activations(2);
    OrtOracle.assertSameOutputs(before, pass.run(before), 3);
  }

  @Test
  void keepsTheActivationWhenTheConvOutputHasAnotherReader() {
    TestNet t = new TestNet("two-readers", 1);
    String x = t.input("x", 1, 2, 4, 4);
    String c = t.conv("conv", x, 2, 2, 1);
    t.op(OpType.ADD, "y", t.op(OpType.RELU, "relu", c), c);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void keepsAClipWithARuntimeBound() {
    TestNet t = new TestNet("runtime-bound", 1);
    String x = t.input("x", 1, 2, 4, 4);
    String hi = t.input("hi");
    t.op(OpType.CLIP, "y", t.conv("conv", x, 2, 2, 1), t.scalar("lo", 0), hi);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void fusesOnlyOneActivationPerConv() {
    TestNet t = new TestNet("double", 1);
    String x = t.input("x", 1, 2, 4, 4);
    t.op(OpType.RELU, "y", t.op(OpType.RELU, "relu", t.conv("conv", x, 2, 2, 1)));
    Graph after = pass.run(t.build("y"));
    assertEquals(List.of(OpType.CONV, OpType.RELU), after.nodes().stream().map(Node::op).toList());
    assertEquals("relu", after.node("conv").attrs().getString("activation", null));
  }
}
