package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Value;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PassManagerTest {
  private static final Set<OpType> GONE = EnumSet.of(OpType.BATCH_NORMALIZATION, OpType.RELU, OpType.CLIP,
      OpType.IDENTITY, OpType.DROPOUT, OpType.GEMM, OpType.SHAPE, OpType.GATHER, OpType.UNSQUEEZE, OpType.CONCAT);

  /** Stem conv-bn-relu, a block of two conv-bn-relu with a residual add, then gap, flatten, gemm. */
  static Graph resnetBlock(long seed) {
    TestNet t = new TestNet("resnet-block", seed);
    String x = t.input("x", 1, 4, 8, 8);
    String stem = convBnRelu(t, "stem", x, 4, 8);
    String a = convBnRelu(t, "a", stem, 8, 8);
    String b = convBnRelu(t, "b", a, 8, 8);
    String sum = t.op(OpType.ADD, "add", b, stem);
    String gap = t.op(OpType.GLOBAL_AVERAGE_POOL, "gap", sum);
    String flat = t.op(OpType.FLATTEN, "flatten", Attributes.empty().with("axis", 1L), gap);
    t.op(OpType.GEMM, "logits", Attributes.empty().with("transB", 1L),
        flat, t.gaussian("fc.weight", 0.3, 10, 8), t.gaussian("fc.bias", 0.1, 10));
    return t.build("logits");
  }

  private static String convBnRelu(TestNet t, String name, String x, int cin, int cout) {
    String c = t.conv(name + ".conv", x, cin, cout, 3, false, Attributes.empty());
    return t.op(OpType.RELU, name + ".relu", t.bn(name + ".bn", c, cout));
  }

  /**
   * What torch.onnx.export writes for conv-bn-relu, conv-bn-relu6, dropout, pooling and
   * {@code x.view(x.size(0), -1)} into a linear layer: Identity and Dropout nodes, a Shape chain.
   */
  static Graph torchStyle(long seed) {
    TestNet t = new TestNet("torch-style", seed);
    String x = t.input("input", 1, 3, 8, 8);
    String r1 = t.op(OpType.RELU, "relu1", t.bn("bn1", t.conv("conv1", x, 3, 8, 3, false, Attributes.empty()), 8));
    String id = t.op(OpType.IDENTITY, "identity", r1);
    String c2 = t.bn("bn2", t.conv("conv2", id, 8, 8, 3, false, Attributes.empty()), 8);
    String r2 = t.op(OpType.CLIP, "relu6", c2, t.scalar("clip.min", 0), t.scalar("clip.max", 6));
    String d1 = t.op(OpType.DROPOUT, "dropout1", r2, t.scalar("ratio", 0.2f));
    String gap = t.op(OpType.GLOBAL_AVERAGE_POOL, "gap", d1);
    String shape = t.op(OpType.SHAPE, "shape", gap);
    String n = t.op(OpType.GATHER, "gather", Attributes.empty().with("axis", 0L), shape, t.scalarLong("idx", 0));
    String n1 = t.op(OpType.UNSQUEEZE, "unsqueeze", n, t.longs("axes", 0));
    String target = t.op(OpType.CONCAT, "concat", Attributes.empty().with("axis", 0L), n1, t.longs("rest", -1));
    String view = t.op(OpType.RESHAPE, "view", gap, target);
    t.b.addNode(new Node("dropout2", OpType.DROPOUT, List.of(view), List.of("dropout2", "dropout2.mask"),
        Attributes.empty()));
    String fc = t.op(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L),
        "dropout2", t.gaussian("fc.weight", 0.3, 6, 8), t.gaussian("fc.bias", 0.1, 6));
    t.op(OpType.IDENTITY, "output", fc);
    return t.build("output");
  }

  @Test
  void canonicalizesAResNetBlock() {
    Graph before = resnetBlock(1);
    PassManager.Result result = PassManager.canonical().runRecorded(before);
    Graph after = result.graph();
    assertNoneOf(after, GONE);
    assertEquals(List.of(OpType.CONV, OpType.CONV, OpType.CONV, OpType.ADD, OpType.GLOBAL_AVERAGE_POOL,
        OpType.CONV, OpType.FLATTEN), after.nodes().stream().map(Node::op).toList());
    assertFalse(result.changed("remove-identity"));
    assertTrue(result.changed("fold-batchnorm") && result.changed("fuse-activation")
        && result.changed("gemm-to-conv") && result.changed("dead-code-elimination"));
    assertEquals(before.outputs(), after.outputs());
    assertEquals(before.totalMacs(), after.totalMacs());
    OrtOracle.assertSameOutputs(before, after, 7);
  }

  @Test
  void printsTheCanonicalResNetBlock() {
    Golden.assertPass(PassManager.canonical(), resnetBlock(1));
  }

  @Test
  void canonicalizesATorchExport() {
    Graph before = torchStyle(2);
    Graph after = PassManager.canonical().run(before);
    assertNoneOf(after, GONE);
    assertEquals(List.of(OpType.CONV, OpType.CONV, OpType.GLOBAL_AVERAGE_POOL, OpType.CONV, OpType.FLATTEN),
        after.nodes().stream().map(Node::op).toList());
    assertEquals(List.of("output"), after.outputs().stream().map(Value::name).toList());
    OrtOracle.assertSameOutputs(before, after, 8);
  }

  @Test
  void canonicalFormIsAFixedPoint() {
    Graph once = PassManager.canonical().run(torchStyle(3));
    PassManager.Result twice = PassManager.canonical().runRecorded(once);
    assertSame(once, twice.graph());
    assertTrue(twice.steps().stream().noneMatch(PassManager.Step::changed));
  }

  @Test
  void recordsEveryPassInPipelineOrder() {
    PassManager pm = PassManager.canonical();
    PassManager.Result r = pm.runRecorded(resnetBlock(4));
    assertEquals(pm.passes().stream().map(Pass::name).toList(),
        r.steps().stream().map(PassManager.Step::pass).toList());
    assertEquals(List.of("remove-identity", "fold-shape-computations", "fold-batchnorm", "fuse-activation",
        "gemm-to-conv", "dead-code-elimination"), r.steps().stream().map(PassManager.Step::pass).toList());
  }

  private static void assertNoneOf(Graph g, Set<OpType> ops) {
    for (Node n : g.nodes()) {
      assertFalse(ops.contains(n.op()), "canonical graph still has " + n.op() + " node " + n.name());
    }
  }
}
