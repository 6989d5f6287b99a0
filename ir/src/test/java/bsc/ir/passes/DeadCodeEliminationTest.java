package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadCodeEliminationTest {
  private final Pass pass = new DeadCodeElimination();

  /** A live conv-relu path; a dead conv-sigmoid branch; a dead shape chain; an unused initializer. */
  static Graph withDeadCode(long seed) {
    TestNet t = new TestNet("dead", seed);
    String x = t.input("x", 1, 2, 4, 4);
    t.op(OpType.RELU, "y", t.conv("conv", x, 2, 3, 3));
    t.op(OpType.SIGMOID, "unused", t.conv("side", x, 2, 2, 1));
    String shape = t.op(OpType.SHAPE, "shape", x);
    t.op(OpType.GATHER, "dim", Attributes.empty().with("axis", 0L), shape, t.scalarLong("one", 1));
    t.gaussian("orphan", 1, 4);
    return t.build("y");
  }

  @Test
  void removesUnreachableNodesAndUnusedInitializers() {
    Graph after = Golden.assertPass(pass, withDeadCode(1));
    assertEquals(List.of("conv", "y"), after.nodes().stream().map(Node::name).toList());
    assertEquals(Set.of("conv.weight", "conv.bias"), after.initializers().keySet());
  }

  @Test
  void computesTheSameOutputsInOnnxRuntime() {
    Graph before = withDeadCode(2);
    OrtOracle.assertSameOutputs(before, pass.run(before), 3);
  }

  @Test
  void keepsAMultiOutputNodeWhenOneOutputIsRead() {
    TestNet t = new TestNet("split", 1);
    String x = t.input("x", 1, 4);
    t.b.addNode(new Node("split", OpType.SPLIT, List.of(x, t.longs("sizes", 2, 2)), List.of("a", "b"),
        Attributes.empty().with("axis", 1L)));
    t.op(OpType.RELU, "y", "a");
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void keepsUnreadGraphInputs() {
    TestNet t = new TestNet("inputs", 1);
    String x = t.input("x", 1, 4);
    t.input("unused", 1, 4);
    t.op(OpType.RELU, "y", x);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
    assertEquals(2, g.inputs().size());
  }
}
