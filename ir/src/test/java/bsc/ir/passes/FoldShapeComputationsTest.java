package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldShapeComputationsTest {
  private final Pass pass = new FoldShapeComputations();

  /**
   * A no-op Reshape of the input, then torch's {@code x.view(x.size(0), -1)} after pooling, then a no-op
   * Flatten: Reshape(gap, Concat(Unsqueeze(Gather(Shape(gap), 0)), [-1])).
   */
  static Graph viewChain(long seed) {
    TestNet t = new TestNet("view", seed);
    String x = t.input("x", 1, 4, 3, 3);
    String same = t.op(OpType.RESHAPE, "same", x, t.longs("same.shape", 1, 4, 3, 3));
    String c = t.conv("conv", same, 4, 6, 3);
    String gap = t.op(OpType.GLOBAL_AVERAGE_POOL, "gap", c);
    String shape = t.op(OpType.SHAPE, "shape", gap);
    String n = t.op(OpType.GATHER, "n", Attributes.empty().with("axis", 0L), shape, t.scalarLong("zero", 0));
    String un = t.op(OpType.UNSQUEEZE, "n1", n, t.longs("axes", 0));
    String target = t.op(OpType.CONCAT, "target", Attributes.empty().with("axis", 0L), un, t.longs("minus1", -1));
    String view = t.op(OpType.RESHAPE, "view", gap, target);
    String flat = t.op(OpType.FLATTEN, "flat", Attributes.empty().with("axis", 1L), view);
    t.op(OpType.RELU, "y", flat);
    return t.build("y");
  }

  @Test
  void foldsTheViewChainAndDropsNoOpReshapes() {
    Graph after = Golden.assertPass(pass, viewChain(1));
    assertEquals(List.of("conv", "gap", "view", "y"), after.nodes().stream().map(Node::name).toList());
    assertArrayEquals(new long[] {1, -1}, after.initializer("target").toLongs());
  }

  @Test
  void computesTheSameOutputsInOnnxRuntime() {
    Graph before = viewChain(2);
    OrtOracle.assertSameOutputs(before, pass.run(before), 3);
  }

  @Test
  void keepsAConstantGraphOutputOnItsNode() {
    TestNet t = new TestNet("shape-out", 1);
    String x = t.input("x", 2, 3);
    t.op(OpType.SHAPE, "y", x);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void noOpFlattenOfAGraphOutputRenamesItsProducer() {
    TestNet t = new TestNet("flat-out", 1);
    String x = t.input("x", 2, 3);
    String r = t.op(OpType.RELU, "relu", x);
    t.op(OpType.FLATTEN, "y", Attributes.empty().with("axis", 1L), r);
    Graph after = pass.run(t.build("y"));
    assertEquals(1, after.nodes().size());
    assertEquals("y", after.node("relu").output());
  }

  @Test
  void keepsReshapesThatChangeTheShape() {
    TestNet t = new TestNet("real-reshape", 1);
    String x = t.input("x", 2, 3);
    t.op(OpType.RESHAPE, "y", x, t.longs("target", 3, 2));
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }
}
