package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class GemmToConvTest {
  private final Pass pass = new GemmToConv();

  /** Pooled features flattened into a Gemm (transB, alpha, beta, C [1, 5]) and a MatMul. */
  static Graph classifier(long seed) {
    TestNet t = new TestNet("classifier", seed);
    String x = t.input("x", 2, 8, 3, 3);
    String gap = t.op(OpType.GLOBAL_AVERAGE_POOL, "gap", x);
    String flat = t.op(OpType.FLATTEN, "flat", Attributes.empty().with("axis", 1L), gap);
    t.op(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L).with("alpha", 0.5f).with("beta", 2f),
        flat, t.gaussian("fc.weight", 0.3, 5, 8), t.gaussian("fc.bias", 0.3, 1, 5));
    t.op(OpType.MAT_MUL, "proj", flat, t.gaussian("proj.weight", 0.3, 8, 3));
    return t.build("fc", "proj");
  }

  @Test
  void rewritesGemmAndMatMulAsConvThenFlatten() {
    Graph after = Golden.assertPass(pass, classifier(1));
    assertEquals(OpType.CONV, after.node("fc").op());
    assertEquals(OpType.CONV, after.node("proj").op());
    assertEquals(Shape.of(5, 8, 1, 1), after.type(after.node("fc").input(1)).shape());
    assertEquals(List.of("fc_nchw"), after.node("fc_flatten").inputs());
    assertEquals(OpType.FLATTEN, after.producer("fc").op());
  }

  @Test
  void computesTheSameOutputsInOnnxRuntime() {
    Graph before = classifier(2);
    OrtOracle.assertSameOutputs(before, pass.run(before), 3);
  }

  @Test
  void acceptsAReshapeToNByCAsTheFlatten() {
    TestNet t = new TestNet("view", 1);
    String x = t.input("x", 1, 4, 1, 1);
    String v = t.op(OpType.RESHAPE, "view", x, t.longs("target", 1, -1));
    t.op(OpType.GEMM, "y", v, t.gaussian("w", 0.3, 4, 3), t.gaussian("b", 0.3, 3));
    Graph before = t.build("y");
    Graph after = pass.run(before);
    assertEquals(OpType.CONV, after.node("y").op());
    OrtOracle.assertSameOutputs(before, after, 2);
  }

  @Test
  void keepsAGemmOnUnpooledFeatures() {
    TestNet t = new TestNet("unpooled", 1);
    String x = t.input("x", 1, 2, 2, 2);
    String flat = t.op(OpType.FLATTEN, "flat", x);
    t.op(OpType.GEMM, "y", flat, t.gaussian("w", 0.3, 8, 3));
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }

  @Test
  void keepsAGemmWithRuntimeWeights() {
    TestNet t = new TestNet("runtime-b", 1);
    String x = t.input("x", 1, 4, 1, 1);
    String w = t.input("w", 4, 3);
    t.op(OpType.GEMM, "y", t.op(OpType.FLATTEN, "flat", x), w);
    Graph g = t.build("y");
    assertSame(g, pass.run(g));
  }
}
