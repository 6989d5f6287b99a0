package bsc.ir;

import static bsc.ir.TestGraphs.assertFails;
import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static bsc.ir.TestGraphs.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Output shapes of the matrix, shape-manipulation and elementwise ops, against hand-computed ones. */
class TensorOpShapeTest {
  /** A graph of one node {@code op} over inputs a (and b, c...) typed as given; constants by name. */
  private static Graph one(OpType op, Attributes a, Object... inputs) {
    Graph.Builder b = Graph.builder("g");
    String[] names = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      names[i] = "in" + i;
      if (inputs[i] instanceof TensorType t) {
        b.addInput(names[i], t);
      } else {
        b.addInitializer(names[i], (Tensor) inputs[i]);
      }
    }
    b.add(op, "n", a, names);
    return b.addOutput("n").build();
  }

  private static Shape shape(OpType op, Attributes a, Object... inputs) {
    return one(op, a, inputs).type("n").shape();
  }

  private static Tensor longs(long... v) {
    return Tensor.scalarLongs(v);
  }

  @Test
  void gemmTransposesBAndCountsMacs() {
    Graph g = one(OpType.GEMM, attrs().with("transB", 1L), f32(2, 3), zeros(4, 3), zeros(4));
    assertEquals(Shape.of(2, 4), g.type("n").shape());
    assertEquals(2L * 4 * 3, g.macs(g.node("n")));
    assertEquals(Shape.of(2, 4), shape(OpType.GEMM, attrs().with("transA", 1L), f32(3, 2), zeros(3, 4)));
  }

  @Test
  void gemmRejectsMismatchedInnerDimensionsAndBias() {
    assertFails(() -> one(OpType.GEMM, attrs(), f32(2, 3), zeros(4, 3)), "node n (Gemm)", "inner dimensions");
    assertFails(() -> one(OpType.GEMM, attrs().with("transB", 1L), f32(2, 3), zeros(4, 3), zeros(3)),
        "node n (Gemm)", "broadcast");
  }

  @Test
  void matMulPromotesAndDropsOneDimensionalOperands() {
    assertEquals(Shape.scalar(), shape(OpType.MAT_MUL, attrs(), f32(3), f32(3)));
    assertEquals(Shape.of(4), shape(OpType.MAT_MUL, attrs(), f32(3), f32(3, 4)));
    assertEquals(Shape.of(2), shape(OpType.MAT_MUL, attrs(), f32(2, 3), f32(3)));
    assertEquals(Shape.of(5, 2), shape(OpType.MAT_MUL, attrs(), f32(5, 2, 3), f32(3)));
    assertEquals(Shape.of(5, 4), shape(OpType.MAT_MUL, attrs(), f32(3), f32(5, 3, 4)));
  }

  @Test
  void matMulBroadcastsBatchDimensionsAndCountsMacs() {
    assertEquals(Shape.of(2, 7, 2, 4), shape(OpType.MAT_MUL, attrs(), f32(2, 1, 2, 3), f32(7, 3, 4)));
    Graph g = one(OpType.MAT_MUL, attrs(), f32(5, 2, 3), zeros(3, 4));
    assertEquals(Shape.of(5, 2, 4), g.type("n").shape());
    assertEquals(5L * 2 * 4 * 3, g.macs(g.node("n")));
    assertFails(() -> one(OpType.MAT_MUL, attrs(), f32(2, 3), f32(4, 5)), "node n (MatMul)", "inner dimensions");
  }

  @Test
  void concatAddsTheAxisAndChecksTheRest() {
    assertEquals(Shape.of(1, 7, 3), shape(OpType.CONCAT, attrs().with("axis", 1L), f32(1, 2, 3), f32(1, 5, 3)));
    assertEquals(Shape.of(1, 7, 3), shape(OpType.CONCAT, attrs().with("axis", -2L), f32(1, 2, 3), f32(1, 5, 3)));
    assertFails(() -> one(OpType.CONCAT, attrs().with("axis", 1L), f32(1, 2, 3), f32(1, 5, 4)),
        "node n (Concat)", "off axis 1");
    assertFails(() -> one(OpType.CONCAT, attrs(), f32(1, 2), f32(1, 2)), "node n (Concat)", "axis is required");
  }

  @Test
  void flattenSplitsTheShapeAtTheAxis() {
    assertEquals(Shape.of(2, 60), shape(OpType.FLATTEN, attrs(), f32(2, 3, 4, 5)));
    assertEquals(Shape.of(1, 120), shape(OpType.FLATTEN, attrs().with("axis", 0L), f32(2, 3, 4, 5)));
    assertEquals(Shape.of(24, 5), shape(OpType.FLATTEN, attrs().with("axis", -1L), f32(2, 3, 4, 5)));
    assertEquals(Shape.of(120, 1), shape(OpType.FLATTEN, attrs().with("axis", 4L), f32(2, 3, 4, 5)));
  }

  @Test
  void reshapeCopiesZerosAndInfersMinusOne() {
    assertEquals(Shape.of(2, 12), shape(OpType.RESHAPE, attrs(), f32(2, 3, 4), longs(0, -1)));
    assertEquals(Shape.of(4, 3, 2), shape(OpType.RESHAPE, attrs(), f32(2, 3, 4), longs(-1, 0, 2)));
    assertEquals(Shape.of(0, 5), shape(OpType.RESHAPE, attrs().with("allowzero", 1L), f32(0, 5), longs(0, 5)));
    assertFails(() -> one(OpType.RESHAPE, attrs(), f32(2, 3, 4), longs(-1, -1)), "node n (Reshape)", "more than one -1");
    assertFails(() -> one(OpType.RESHAPE, attrs(), f32(2, 3, 4), longs(5, -1)), "node n (Reshape)", "cannot reshape");
    assertFails(() -> one(OpType.RESHAPE, attrs(), f32(2, 3, 4), longs(2, 3)), "node n (Reshape)", "24 elements");
  }

  @Test
  void reshapeToAnUnknownTargetKeepsOnlyTheRank() {
    assertEquals(Shape.of(-1, -1), shape(OpType.RESHAPE, attrs(), f32(2, 3, 4), TestGraphs.i64(2)));
  }

  @Test
  void squeezeRemovesUnitAxes() {
    assertEquals(Shape.of(3, 5), shape(OpType.SQUEEZE, attrs(), f32(1, 3, 1, 5), longs(0, 2)));
    assertEquals(Shape.of(3, 5), shape(OpType.SQUEEZE, attrs(), f32(1, 3, 1, 5)));
    assertEquals(Shape.of(1, 3, 5), shape(OpType.SQUEEZE, attrs(), f32(1, 3, 1, 5), longs(-2)));
    assertFails(() -> one(OpType.SQUEEZE, attrs(), f32(1, 3, 1, 5), longs(1)), "node n (Squeeze)", "size 3");
  }

  @Test
  void unsqueezeInsertsAxesOfTheOutputRank() {
    assertEquals(Shape.of(1, 3, 5, 1), shape(OpType.UNSQUEEZE, attrs(), f32(3, 5), longs(0, 3)));
    assertEquals(Shape.of(3, 5, 1), shape(OpType.UNSQUEEZE, attrs(), f32(3, 5), longs(-1)));
    assertEquals(Shape.of(1), shape(OpType.UNSQUEEZE, attrs(), f32(), longs(0)));
    assertFails(() -> one(OpType.UNSQUEEZE, attrs(), f32(3, 5), longs(0, 0)), "node n (Unsqueeze)", "repeated");
  }

  @Test
  void gatherReplacesTheAxisByTheIndexShape() {
    Tensor idx = Tensor.ofLongs(Shape.of(2, 3), new long[] {0, 1, 2, 3, -1, -4});
    assertEquals(Shape.of(5, 2, 3, 3), shape(OpType.GATHER, attrs().with("axis", 1L), f32(5, 4, 3), idx));
    assertEquals(Shape.of(4, 3), shape(OpType.GATHER, attrs(), f32(5, 4, 3), Tensor.ofLongs(Shape.scalar(), new long[] {4})));
    assertFails(() -> one(OpType.GATHER, attrs(), f32(5, 4), longs(5)), "node n (Gather)", "out of range");
  }

  @Test
  void splitEvenlyUnevenlyAndBySizes() {
    Graph even = split(f32(2, 6), 3, attrs().with("axis", 1L));
    for (String o : List.of("s0", "s1", "s2")) {
      assertEquals(Shape.of(2, 2), even.type(o).shape());
    }
    Graph uneven = split(f32(7, 2), 3, attrs().with("num_outputs", 3L));
    assertEquals(List.of(Shape.of(3, 2), Shape.of(3, 2), Shape.of(1, 2)),
        List.of(uneven.type("s0").shape(), uneven.type("s1").shape(), uneven.type("s2").shape()));
    Graph.Builder b = Graph.builder("g").addInput("x", f32(2, 6)).addInitializer("sizes", longs(1, 5));
    b.addNode(new Node("split", OpType.SPLIT, List.of("x", "sizes"), List.of("a", "c"), attrs().with("axis", -1L)));
    Graph sized = b.addOutput("a").addOutput("c").build();
    assertEquals(Shape.of(2, 1), sized.type("a").shape());
    assertEquals(Shape.of(2, 5), sized.type("c").shape());
  }

  @Test
  void splitSizesMustCoverTheAxis() {
    Graph.Builder b = Graph.builder("g").addInput("x", f32(2, 6)).addInitializer("sizes", longs(1, 4));
    b.addNode(new Node("split", OpType.SPLIT, List.of("x", "sizes"), List.of("a", "c"), attrs().with("axis", 1L)));
    assertFails(() -> b.addOutput("a").build(), "node split (Split)", "sum to 5, axis has 6");
  }

  private static Graph split(TensorType x, int outputs, Attributes a) {
    Graph.Builder b = Graph.builder("g").addInput("x", x);
    List<String> outs = new java.util.ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      outs.add("s" + i);
      b.addOutput("s" + i);
    }
    return b.addNode(new Node("split", OpType.SPLIT, List.of("x"), outs, a)).build();
  }

  @Test
  void padAddsBeginAndEndPadsOnEveryOrTheGivenAxes() {
    assertEquals(Shape.of(1, 3, 8, 10), shape(OpType.PAD, attrs(), f32(1, 3, 4, 4), longs(0, 0, 1, 2, 0, 0, 3, 4)));
    assertEquals(Shape.of(1, 3, 8, 10), shape(OpType.PAD, attrs(), f32(1, 3, 4, 4), longs(1, 2, 3, 4),
        zeros(), longs(2, -1)));
    assertEquals(Shape.of(1, 3, 2, 4), shape(OpType.PAD, attrs(), f32(1, 3, 4, 4), longs(0, 0, -1, 0, 0, 0, -1, 0)));
    assertFails(() -> one(OpType.PAD, attrs(), f32(1, 3, 4, 4), longs(1, 1)), "node n (Pad)", "pads has 2 values");
    assertFails(() -> one(OpType.PAD, attrs(), f32(1, 3, 4, 4), TestGraphs.i64(8)), "node n (Pad)", "constant");
  }

  @Test
  void arithmeticBroadcastsLikeNumpy() {
    assertEquals(Shape.of(2, 4, 3), shape(OpType.ADD, attrs(), f32(2, 1, 3), f32(4, 1)));
    assertEquals(Shape.of(1, 64, 56, 56), shape(OpType.MUL, attrs(), f32(1, 64, 56, 56), zeros(64, 1, 1)));
    assertEquals(Shape.of(3), shape(OpType.SUB, attrs(), f32(), f32(3)));
  }

  @Test
  void arithmeticOnIncompatibleShapesOrTypesFailsNamingTheNode() {
    assertFails(() -> one(OpType.ADD, attrs(), f32(2, 3), f32(4, 3)), "node n (Add)", "2x3 and 4x3 do not broadcast");
    assertFails(() -> one(OpType.DIV, attrs(), f32(2, 3), TestGraphs.i64(2, 3)), "node n (Div)", "f32 and i64");
  }

  @Test
  void transposePermutesAndDefaultsToReversal() {
    assertEquals(Shape.of(4, 2, 3), shape(OpType.TRANSPOSE, attrs().with("perm", new long[] {2, 0, 1}), f32(2, 3, 4)));
    assertEquals(Shape.of(4, 3, 2), shape(OpType.TRANSPOSE, attrs(), f32(2, 3, 4)));
    assertFails(() -> one(OpType.TRANSPOSE, attrs().with("perm", new long[] {0, 0, 1}), f32(2, 3, 4)),
        "node n (Transpose)", "not a permutation");
  }
}
