package bsc.sim.fp32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Fp32ExecutorTest {
  static Tensor random(Random r, long... dims) {
    Shape s = Shape.of(dims);
    float[] v = new float[(int) s.elements()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return Tensor.ofFloats(s, v);
  }

  /** conv 3x3 (pad 1) -> relu -> global average pool -> flatten -> gemm, for one 3x8x8 image. */
  static Graph smallNet(long batch, String activation) {
    Random r = new Random(7);
    Attributes conv = Attributes.empty().with("pads", new long[] {1, 1, 1, 1});
    if (activation != null) {
      conv = conv.with("activation", activation).with("activation_min", 0f).with("activation_max", 0.5f);
    }
    Graph.Builder b = Graph.builder("small")
        .addInput("x", TensorType.of(DataType.FLOAT, batch, 3, 8, 8))
        .addInitializer("w", random(r, 4, 3, 3, 3))
        .addInitializer("b", random(r, 4))
        .addInitializer("fw", random(r, 5, 4))
        .addInitializer("fb", random(r, 5))
        .addInitializer("lo", Tensor.ofFloats(Shape.scalar(), new float[] {0f}))
        .addInitializer("hi", Tensor.ofFloats(Shape.scalar(), new float[] {0.5f}));
    String c = b.add(OpType.CONV, "conv", conv, "x", "w", "b");
    String a = activation != null ? c : b.add(OpType.CLIP, "clip", Attributes.empty(), c, "lo", "hi");
    String p = b.add(OpType.GLOBAL_AVERAGE_POOL, "gap", Attributes.empty(), a);
    String f = b.add(OpType.FLATTEN, "flat", Attributes.empty(), p);
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), f, "fw", "fb");
    return b.addOutput("fc").build();
  }

  /**
   * Branches of 3x3, 1x1 and padded-average-pool paths joined by Concat and Add, then global pool and
   * gemm: every kernel that writes into recycled buffers.
   */
  static Graph branchyNet() {
    Random r = new Random(5);
    Graph.Builder b = Graph.builder("branchy")
        .addInput("x", TensorType.of(DataType.FLOAT, 1, 4, 9, 9))
        .addInitializer("w3", random(r, 6, 4, 3, 3))
        .addInitializer("b3", random(r, 6))
        .addInitializer("w1", random(r, 6, 4, 1, 1))
        .addInitializer("wm", random(r, 12, 12, 1, 1))
        .addInitializer("fw", random(r, 3, 12))
        .addInitializer("fb", random(r, 3));
    Attributes pad1 = Attributes.empty().with("pads", new long[] {1, 1, 1, 1});
    String c3 = b.add(OpType.CONV, "c3", pad1.with("activation", "relu"), "x", "w3", "b3");
    String c1 = b.add(OpType.CONV, "c1", Attributes.empty(), "x", "w1");
    String pool = b.add(OpType.AVERAGE_POOL, "pool", pad1.with("kernel_shape", new long[] {3, 3})
        .with("count_include_pad", 1L), c1);
    String cat = b.add(OpType.CONCAT, "cat", Attributes.empty().with("axis", 1L), c3, pool);
    String mix = b.add(OpType.CONV, "mix", Attributes.empty(), cat, "wm");
    String sum = b.add(OpType.ADD, "sum", Attributes.empty(), mix, cat);
    String relu = b.add(OpType.RELU, "relu", Attributes.empty(), sum);
    String gap = b.add(OpType.GLOBAL_AVERAGE_POOL, "gap", Attributes.empty(), relu);
    String f = b.add(OpType.FLATTEN, "flat", Attributes.empty(), gap);
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), f, "fw", "fb");
    return b.addOutput("fc").build();
  }

  @Test
  void warmRunsReuseTheSameBuffersAndRecycledContentsNeverLeakIntoResults() {
    Fp32Executor e = new Fp32Executor(branchyNet());
    Tensor x1 = random(new Random(2), 1, 4, 9, 9);
    Tensor x2 = random(new Random(3), 1, 4, 9, 9);
    float[] first = e.run(Map.of("x", x1)).get("fc").toFloats();
    float[] other = e.run(Map.of("x", x2)).get("fc").toFloats();
    int pooled = e.pooledBuffers();
    assertTrue(pooled > 0, "the executor keeps buffers for reuse");
    for (int i = 0; i < 8; i++) {
      assertArrayEquals(first, e.run(Map.of("x", x1)).get("fc").toFloats(), 0f);
      assertArrayEquals(other, e.run(Map.of("x", x2)).get("fc").toFloats(), 0f);
    }
    assertEquals(pooled, e.pooledBuffers(), "warm runs allocate no new pooled buffers");
    float[] fresh = new Fp32Executor(branchyNet()).run(Map.of("x", x1)).get("fc").toFloats();
    assertArrayEquals(fresh, first, 0f);
  }

  @Test
  void fusedClipActivationEqualsTheSeparateClipNode() {
    Tensor x = random(new Random(1), 1, 3, 8, 8);
    float[] separate = new Fp32Executor(smallNet(1, null)).run(Map.of("x", x)).get("fc").toFloats();
    float[] fused = new Fp32Executor(smallNet(1, "clip")).run(Map.of("x", x)).get("fc").toFloats();
    assertArrayEquals(separate, fused, 1e-6f);
  }

  @Test
  void theCanonicalGraphWithBatchNormFoldedAndReluFusedComputesWhatTheOriginalDoes() {
    Random r = new Random(11);
    Graph.Builder b = Graph.builder("convbn")
        .addInput("x", TensorType.of(DataType.FLOAT, 2, 3, 10, 10))
        .addInitializer("w", random(r, 6, 3, 3, 3))
        .addInitializer("gamma", random(r, 6))
        .addInitializer("beta", random(r, 6))
        .addInitializer("mean", random(r, 6))
        .addInitializer("var", Tensor.ofFloats(Shape.of(6), new float[] {0.5f, 1, 2, 0.1f, 3, 1.5f}))
        .addInitializer("fw", random(r, 4, 6))
        .addInitializer("fb", random(r, 4));
    String c = b.add(OpType.CONV, "conv", Attributes.empty().with("strides", new long[] {2, 2}), "x", "w");
    String n = b.add(OpType.BATCH_NORMALIZATION, "bn", Attributes.empty(), c, "gamma", "beta", "mean", "var");
    String a = b.add(OpType.RELU, "relu", Attributes.empty(), n);
    String p = b.add(OpType.GLOBAL_AVERAGE_POOL, "gap", Attributes.empty(), a);
    String f = b.add(OpType.FLATTEN, "flat", Attributes.empty(), p);
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), f, "fw", "fb");
    Graph raw = b.addOutput("fc").build();
    Graph canonical = bsc.ir.passes.PassManager.canonical().run(raw);
    assertTrue(canonical.nodes().stream().noneMatch(x -> x.op() == OpType.BATCH_NORMALIZATION || x.op() == OpType.RELU),
        "BN folded and ReLU fused");
    Tensor x = random(new Random(12), 2, 3, 10, 10);
    float[] expected = new Fp32Executor(raw).run(Map.of("x", x)).get("fc").toFloats();
    float[] actual = new Fp32Executor(canonical).run(Map.of("x", x)).get("fc").toFloats();
    assertArrayEquals(expected, actual, 1e-4f);
  }

  @Test
  void aBatchOfThreeGivesTheSameLogitsAsThreeSingleRuns() {
    Graph g = smallNet(1, null);
    Tensor batch = random(new Random(2), 3, 3, 8, 8);
    Fp32Runner runner = new Fp32Runner(g);
    Tensor out = runner.run(Map.of("x", batch)).get("fc");
    assertEquals(Shape.of(3, 5), out.shape());
    float[] all = out.toFloats();
    float[] in = batch.toFloats();
    for (int i = 0; i < 3; i++) {
      float[] one = java.util.Arrays.copyOfRange(in, i * 192, (i + 1) * 192);
      float[] y = runner.run(Map.of("x", Tensor.ofFloats(Shape.of(1, 3, 8, 8), one))).get("fc").toFloats();
      assertArrayEquals(y, java.util.Arrays.copyOfRange(all, i * 5, (i + 1) * 5), 1e-5f);
    }
  }

  @Test
  void convsOnTheGemmPathsAgreeWithOnnxRuntime() {
    // Deep, small convs take im2col+GEMM (Cout >= N*OH*OW), 1x1 ones a plain GEMM, strided or not.
    Random r = new Random(21);
    Graph.Builder b = Graph.builder("gemmpaths").addInput("x", TensorType.of(DataType.FLOAT, 2, 16, 5, 5));
    long[][] convs = {{64, 16, 3, 1, 1}, {128, 64, 3, 2, 1}, {96, 128, 1, 2, 0}, {80, 96, 1, 1, 0}, {72, 80, 2, 1, 0}};
    String v = "x";
    for (int i = 0; i < convs.length; i++) {
      long[] c = convs[i];
      b.addInitializer("w" + i, random(r, c[0], c[1], c[2], c[2]));
      b.addInitializer("b" + i, random(r, c[0]));
      Attributes a = Attributes.empty().with("strides", new long[] {c[3], c[3]})
          .with("pads", new long[] {c[4], c[4], c[4], c[4]});
      v = b.add(OpType.CONV, "conv" + i, i == 1 ? a.with("activation", "relu") : a, v, "w" + i, "b" + i);
    }
    Graph g = b.addOutput(v).build();
    Map<String, Tensor> in = Map.of("x", random(new Random(22), 2, 16, 5, 5));
    float[] ours = new Fp32Executor(g).run(in).get(v).toFloats();
    try (OrtRunner ort = new OrtRunner(bsc.ir.onnxio.OnnxExporter.toBytes(g), 2)) {
      double err = OrtRunner.maxRelativeError(ort.run(in).get(v), ours);
      assertTrue(err < 1e-5, "max relative error " + err);
    }
  }

  @Test
  void inPlaceKernelsNeverOverwriteAValueThatIsStillNeeded() {
    // s = x + y dies at the Relu (overwritten in place); x is a caller's input and read again later.
    Graph.Builder b = Graph.builder("inplace")
        .addInput("x", TensorType.of(DataType.FLOAT, 1, 4, 3, 3))
        .addInput("y", TensorType.of(DataType.FLOAT, 1, 4, 3, 3));
    String s = b.add(OpType.ADD, "s", Attributes.empty(), "x", "y");
    String r = b.add(OpType.RELU, "r", Attributes.empty(), s);
    String t = b.add(OpType.ADD, "t", Attributes.empty(), r, "x");
    String u = b.add(OpType.SUB, "u", Attributes.empty(), t, r);
    Graph g = b.addOutput(t).addOutput(u).build();
    Tensor x = random(new Random(31), 1, 4, 3, 3);
    Tensor y = random(new Random(32), 1, 4, 3, 3);
    float[] xv = x.toFloats();
    float[] before = x.toFloats();
    Map<String, Tensor> out = new Fp32Executor(g).run(Map.of("x", x, "y", y));
    float[] yv = y.toFloats();
    float[] tv = out.get(t).toFloats();
    float[] uv = out.get(u).toFloats();
    for (int i = 0; i < xv.length; i++) {
      float relu = Math.max(0, xv[i] + yv[i]);
      assertEquals(relu + xv[i], tv[i], 1e-6f);
      assertEquals(xv[i], uv[i], 1e-5f);
    }
    assertArrayEquals(before, x.toFloats(), 0f);
  }

  @Test
  void aSymbolicBatchDimensionIsBoundToTheGivenBatch() {
    Graph g = smallNet(Shape.UNKNOWN, null);
    Tensor out = new Fp32Runner(g).run(Map.of("x", random(new Random(8), 4, 3, 8, 8))).get("fc");
    assertEquals(Shape.of(4, 5), out.shape());
  }

  @Test
  void anImageWithoutItsBatchAxisIsTakenAsABatchOfOne() {
    Tensor x = random(new Random(3), 1, 3, 8, 8);
    Fp32Runner runner = new Fp32Runner(smallNet(1, null));
    float[] withAxis = runner.run(Map.of("x", x)).get("fc").toFloats();
    Tensor bare = Tensor.wrap(DataType.FLOAT, Shape.of(3, 8, 8), x.bytes());
    assertArrayEquals(withAxis, runner.run(Map.of("x", bare)).get("fc").toFloats(), 0f);
  }

  @Test
  void aClosedRunnerHasFreedItsPrimitivesAndRunsAgainOnNewOnes() {
    Tensor x = random(new Random(5), 1, 3, 8, 8);
    try (Fp32Runner runner = new Fp32Runner(smallNet(1, null))) {
      float[] before = runner.run(Map.of("x", x)).get("fc").toFloats();
      runner.close();
      runner.close();
      assertArrayEquals(before, runner.run(Map.of("x", x)).get("fc").toFloats(), 0f);
    }
  }

  @Test
  void aReshapeWithTheBatchWrittenInRunsBatchesOneSampleAtATime() {
    Graph.Builder b = Graph.builder("hardcoded")
        .addInput("x", TensorType.of(DataType.FLOAT, 1, 2, 3))
        .addInitializer("shape", Tensor.scalarLongs(1, 6));
    b.add(OpType.RESHAPE, "r", Attributes.empty(), "x", "shape");
    b.add(OpType.SOFTMAX, "s", Attributes.empty().with("axis", 1L), "r");
    Graph g = b.addOutput("s").build();
    Tensor batch = random(new Random(4), 2, 2, 3);
    Tensor out = new Fp32Runner(g).run(Map.of("x", batch)).get("s");
    assertEquals(Shape.of(2, 6), out.shape());
    float[] v = out.toFloats();
    float sum = 0;
    for (int i = 6; i < 12; i++) {
      sum += v[i];
    }
    assertEquals(1f, sum, 1e-6f);
  }

  @Test
  void peakMemoryFollowsTheWidestPointNotTheSumOfAllActivations() {
    int n = 10_000;
    Graph.Builder b = Graph.builder("chain").addInput("x", TensorType.of(DataType.FLOAT, 1, n));
    String v = "x";
    for (int i = 0; i < 20; i++) {
      v = b.add(i % 2 == 0 ? OpType.RELU : OpType.SIGMOID, "n" + i, Attributes.empty(), v);
    }
    Fp32Executor e = new Fp32Executor(b.addOutput(v).build());
    e.run(Map.of("x", random(new Random(5), 1, n)));
    long oneBuffer = 4L * n;
    assertTrue(e.lastPeakBytes() <= 2 * oneBuffer, "peak " + e.lastPeakBytes() + " bytes for 20 nodes");
    assertTrue(e.lastPeakBytes() >= oneBuffer);
  }

  @Test
  void inputErrorsNameTheInputAndWhatIsWrong() {
    Fp32Runner runner = new Fp32Runner(smallNet(1, null));
    BscException missing = assertThrows(BscException.class, () -> runner.run(Map.of()));
    assertEquals("input x", missing.where());
    BscException shape = assertThrows(BscException.class,
        () -> runner.run(Map.of("x", random(new Random(6), 1, 3, 9, 8))));
    assertTrue(shape.what().contains("does not match the model's 1x3x8x8"), shape.what());
    BscException type = assertThrows(BscException.class,
        () -> runner.run(Map.of("x", Tensor.ofLongs(Shape.of(1, 3, 8, 8), new long[192]))));
    assertTrue(type.what().contains("element type i64"), type.what());
    BscException unknown = assertThrows(BscException.class,
        () -> runner.run(Map.of("x", random(new Random(6), 1, 3, 8, 8), "y", random(new Random(6), 1))));
    assertEquals("input y", unknown.where());
  }
}
