package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoveIdentityTest {
  private final Pass pass = new RemoveIdentity();

  /** conv, Identity, Dropout (unused mask), Relu, Identity to the graph output. */
  static Graph copies(long seed) {
    TestNet t = new TestNet("copies", seed);
    String x = t.input("x", 1, 3, 6, 6);
    String c = t.conv("conv", x, 3, 4, 3);
    String id = t.op(OpType.IDENTITY, "id", c);
    t.b.addNode(new Node("drop", OpType.DROPOUT, List.of(id, t.scalar("ratio", 0.5f)),
        List.of("drop", "drop.mask"), Attributes.empty()));
    String r = t.op(OpType.RELU, "relu", "drop");
    t.op(OpType.IDENTITY, "y", r);
    return t.build("y");
  }

  @Test
  void removesCopiesAndKeepsTheGraphOutputName() {
    Graph after = Golden.assertPass(pass, copies(1));
    assertEquals(List.of("conv", "relu"), after.nodes().stream().map(Node::name).toList());
    assertEquals("y", after.node("relu").output());
  }

  @Test
  void computesTheSameOutputsInOnnxRuntime() {
    Graph before = copies(2);
    OrtOracle.assertSameOutputs(before, pass.run(before), 3);
  }

  @Test
  void keepsDropoutWhoseMaskIsRead() {
    TestNet t = new TestNet("mask", 1);
    String x = t.input("x", 1, 4);
    t.b.addNode(new Node("drop", OpType.DROPOUT, List.of(x), List.of("y", "mask"), Attributes.empty()));
    Graph g = t.build("y", "mask");
    assertSame(g, pass.run(g));
  }

  @Test
  void keepsDropoutThatMayTrain() {
    TestNet t = new TestNet("training", 1);
    String x = t.input("x", 1, 4);
    t.b.addInitializer("on", Tensor.ofBytes(DataType.BOOL, Shape.scalar(), new byte[] {1}));
    t.op(OpType.DROPOUT, "drop", x, t.scalar("ratio", 0.5f), "on");
    t.op(OpType.RELU, "y", "drop");
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void removesDropoutWithConstantFalseTrainingMode() {
    TestNet t = new TestNet("inference", 1);
    String x = t.input("x", 1, 4);
    t.b.addInitializer("off", Tensor.ofBytes(DataType.BOOL, Shape.scalar(), new byte[] {0}));
    t.op(OpType.DROPOUT, "drop", x, t.scalar("ratio", 0.5f), "off");
    t.op(OpType.RELU, "y", "drop");
    Graph after = pass.run(t.build("y"));
    assertEquals(List.of("x"), after.node("y").inputs());
  }

  @Test
  void keepsIdentityFromGraphInputToGraphOutput() {
    TestNet t = new TestNet("passthrough", 1);
    String x = t.input("x", 1, 4);
    t.op(OpType.IDENTITY, "y", x);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void removesAChainOfCopiesUpToTheProducer() {
    TestNet t = new TestNet("chain", 1);
    String x = t.input("x", 1, 4);
    String r = t.op(OpType.RELU, "relu", x);
    String a = t.op(OpType.IDENTITY, "a", r);
    t.op(OpType.IDENTITY, "y", a);
    Graph after = pass.run(t.build("y"));
    assertEquals(1, after.nodes().size());
    assertEquals("y", after.node("relu").output());
  }
}
