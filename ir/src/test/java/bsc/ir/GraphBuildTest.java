package bsc.ir;

import static bsc.ir.TestGraphs.assertFails;
import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static bsc.ir.TestGraphs.zeros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Graph.Builder#build: name checks, topological order, and folding of shape computations. */
class GraphBuildTest {
  @Test
  void nodesGivenOutOfOrderAreSortedTopologically() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(1, 4));
    b.add(OpType.SIGMOID, "second", attrs(), "first");
    b.add(OpType.RELU, "first", attrs(), "x");
    Graph g = b.addOutput("second").build();
    assertEquals(List.of("first", "second"), g.nodes().stream().map(Node::name).toList());
    assertEquals(g.node("first"), g.producer("first"));
    assertEquals(List.of(g.node("second")), g.consumers("first"));
  }

  @Test
  void aCycleFailsNamingANodeOnIt() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(1, 4));
    b.add(OpType.ADD, "a", attrs(), "x", "b");
    b.add(OpType.RELU, "b", attrs(), "a");
    b.add(OpType.RELU, "c", attrs(), "x");
    BscException e = assertFails(b::build, "cycle");
    assertEquals(true, e.where().equals("node a") || e.where().equals("node b"), e.getMessage());
  }

  @Test
  void aSelfLoopIsACycle() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(1, 4));
    b.add(OpType.ADD, "a", attrs(), "x", "a");
    assertFails(b::build, "node a", "cycle");
  }

  @Test
  void anUndefinedInputFailsNamingNodeAndValue() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(1, 4));
    b.add(OpType.ADD, "sum", attrs(), "x", "nowhere");
    assertFails(b::build, "node sum", "input nowhere is not defined");
  }

  @Test
  void anUndefinedGraphOutputFails() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(1, 4)).addOutput("y");
    assertFails(b::build, "graph output y");
  }

  @Test
  void everyKindOfDuplicateDefinitionFails() {
    assertFails(Graph.builder("g").addInput("x", f32(1)).addInput("x", f32(1))::build, "x", "defined twice");
    assertFails(Graph.builder("g").addInput("x", f32(1)).addInitializer("x", zeros(1))::build, "x", "defined twice");

    Graph.Builder twoWriters = Graph.builder("g").addInput("x", f32(1));
    twoWriters.addNode(Node.of("a", OpType.RELU, List.of("x"), List.of("y")));
    twoWriters.addNode(Node.of("b", OpType.SIGMOID, List.of("x"), List.of("y")));
    assertFails(twoWriters::build, "node b", "output y is defined twice");

    Graph.Builder overwritesInput = Graph.builder("g").addInput("x", f32(1));
    overwritesInput.addNode(Node.of("a", OpType.RELU, List.of("x"), List.of("x")));
    assertFails(overwritesInput::build, "node a", "output x is defined twice");

    Graph.Builder sameName = Graph.builder("g").addInput("x", f32(1));
    sameName.addNode(Node.of("a", OpType.RELU, List.of("x"), List.of("y")));
    sameName.addNode(Node.of("a", OpType.RELU, List.of("x"), List.of("z")));
    assertFails(sameName::build, "node a", "two nodes have this name");
  }

  @Test
  void wrongInputCountFailsNamingTheNode() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(1, 4));
    b.add(OpType.ADD, "sum", attrs(), "x");
    assertFails(b::build, "node sum (Add)", "takes 2 inputs, has 1");
  }

  @Test
  void anOutputBeyondTheElementLimitFails() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(65536, 1)).addInput("y", f32(1, 65536));
    b.add(OpType.MUL, "outer", attrs(), "x", "y");
    assertFails(b::build, "node outer (Mul)", "exceeds the limit");
  }

  /**
   * The torch export of {@code x.view(x.size(0), -1)}: Shape, Gather(0), Unsqueeze, Concat with -1,
   * Reshape. Folding the chain gives Reshape an exact target, so its output shape is exact.
   */
  @Test
  void aTorchStyleShapeChainFoldsToAnExactReshape() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(2, 3, 4, 5))
        .addInitializer("zero", Tensor.ofLongs(Shape.scalar(), new long[] {0}))
        .addInitializer("axes0", Tensor.scalarLongs(0))
        .addInitializer("minus1", Tensor.scalarLongs(-1));
    b.add(OpType.SHAPE, "shape", attrs(), "x");
    b.add(OpType.GATHER, "batch", attrs().with("axis", 0L), "shape", "zero");
    b.add(OpType.UNSQUEEZE, "batch1", attrs(), "batch", "axes0");
    b.add(OpType.CONCAT, "target", attrs().with("axis", 0L), "batch1", "minus1");
    b.add(OpType.RESHAPE, "flat", attrs(), "x", "target");
    Graph g = b.addOutput("flat").build();

    assertArrayEquals(new long[] {2, 3, 4, 5}, g.knownValue("shape").toLongs());
    assertEquals(Shape.scalar(), g.knownValue("batch").shape());
    assertArrayEquals(new long[] {2, -1}, g.knownValue("target").toLongs());
    assertEquals(Shape.of(2, 60), g.type("flat").shape());
    assertNull(g.knownValue("flat"), "a float activation is not folded");
  }

  @Test
  void shapeArithmeticFoldsThroughMulAndCast() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(2, 3, 4))
        .addInitializer("i0", Tensor.scalarLongs(0)).addInitializer("i1", Tensor.scalarLongs(1))
        .addInitializer("i2", Tensor.scalarLongs(2));
    b.add(OpType.SHAPE, "shape", attrs(), "x");
    b.add(OpType.GATHER, "d1", attrs(), "shape", "i1");
    b.add(OpType.GATHER, "d2", attrs(), "shape", "i2");
    b.add(OpType.MUL, "inner", attrs(), "d1", "d2");
    b.add(OpType.CAST, "inner64", attrs().with("to", (long) DataType.INT64.onnxCode()), "inner");
    b.add(OpType.GATHER, "d0", attrs(), "shape", "i0");
    b.add(OpType.CONCAT, "target", attrs().with("axis", 0L), "d0", "inner64");
    b.add(OpType.RESHAPE, "y", attrs(), "x", "target");
    Graph g = b.addOutput("y").build();
    assertArrayEquals(new long[] {2, 12}, g.knownValue("target").toLongs());
    assertEquals(Shape.of(2, 12), g.type("y").shape());
  }

  @Test
  void reshapeCopyingAnUnknownBatchKeepsTheOtherDimensionsExact() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(-1, 3, 4))
        .addInitializer("target", Tensor.scalarLongs(0, -1))
        .addInitializer("target2", Tensor.scalarLongs(0, 2, 6));
    b.add(OpType.RESHAPE, "y", attrs(), "x", "target");
    b.add(OpType.RESHAPE, "z", attrs(), "x", "target2");
    Graph g = b.addOutput("y").addOutput("z").build();
    assertEquals(Shape.of(-1, 12), g.type("y").shape());
    assertEquals(Shape.of(-1, 2, 6), g.type("z").shape());
  }

  @Test
  void reshapeToATargetOfUnknownLengthFailsClearly() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(2, 3)).addInput("target", TestGraphs.i64(-1));
    b.add(OpType.RESHAPE, "y", attrs(), "x", "target");
    assertFails(b.addOutput("y")::build, "node y (Reshape)", "not supported");
  }

  @Test
  void toBuilderRebuildsAnEqualGraph() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(1, 3, 8, 8)).addInitializer("w", zeros(4, 3, 3, 3));
    b.add(OpType.CONV, "conv", attrs(), "x", "w");
    Graph g = b.addOutput("conv").build();
    Graph again = g.toBuilder().build();
    assertEquals(IrPrinter.print(g), IrPrinter.print(again));
    assertEquals(4L * 3 * 3 * 3, again.parameterCount());
  }
}
