package bsc.cli.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.program.LayerProgram;
import bsc.ir.BscException;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.models.BuiltinModels;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.BlockShape;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compile pipeline on ResNet-18 (small enough for seconds, real enough for DDR and memtile choices). */
class CompilePipelineTest {
  private static CompilePipeline pipeline;
  private static CompileOptions options;
  private static CompileResult result;

  @BeforeAll
  static void compileOnce() {
    pipeline = new CompilePipeline("resnet18", BuiltinModels.build("resnet18"));
    options = CompileOptions.paper(TargetLoader.load("2x2")).withTrace(true);
    result = pipeline.compile(options);
  }

  @Test
  void halfTheBlocksOfEveryEligibleConvAreZeroAndTheProgramSkipsExactlyThose() {
    assertEquals(0.5, result.pruned().achievedSparsity(), 0.01);
    // the classifier, a 1x1 conv after the canonical passes, stays dense as a fully connected layer
    assertTrue(!result.pruned().masks().get("fc").eligible());
    assertEquals(0, result.pruned().masks().get("fc").mask().zeroBlocks());
    for (LayerProgram l : result.sparse().program().layers()) {
      Node n = result.pruned().graph().node(l.name());
      if (n == null || n.op() != OpType.CONV || l.report().totalBlocks() == 0) {
        continue;
      }
      Tensor w = result.pruned().graph().initializer(n.input(1));
      int[] zeroAndTotal = zeroBlocks(w);
      assertEquals(zeroAndTotal[1], l.report().totalBlocks(), l.name());
      assertEquals(zeroAndTotal[1] - zeroAndTotal[0], l.report().nonzeroBlocks(), l.name());
    }
  }

  @Test
  void compactionSavesAtLeastTheZeroBlocksValuesInEveryLayer() {
    for (LayerRow r : result.layers()) {
      LayerProgram l = result.sparse().program().layers().get(r.index());
      int zero = l.report().totalBlocks() - l.report().nonzeroBlocks();
      long taps = taps(r.weights());
      long saved = r.weightBytesDense() - r.weightBytesCompacted();
      assertTrue(saved >= zero * taps * 64, r.name() + " saved " + saved + " for " + zero + " blocks");
      // headers shrink by a 2-byte column index per block and realign to 16 bytes per chunk at most
      assertTrue(saved <= zero * (taps * 64 + 2) + 16L * Math.max(1, l.report().totalBlocks()), r.name());
    }
    assertEquals(result.weightBytesCompacted(), result.sparse().weights().length);
    assertEquals(result.weightBytesDense(), result.dense().weights().length);
    assertTrue(result.weightBytesCompacted() < 0.6 * result.weightBytesDense());
  }

  @Test
  void theDenseBaselineTakesAsLongAsTheUnprunedModelWithOrWithoutCompaction() {
    // compaction alone skips nothing on a model without zero blocks: same time as the pruned model kept dense
    assertEquals(0, pipeline.ownZeroBlocks());
    assertEquals(1.0, result.compactionAloneSpeedup());
    LowerOptions lower = LowerOptions.paper(0.5);
    long unpruned = Simulator.simulate(Aie2Compiler.compile(pipeline.canonical(), options.target(), lower)
        .program(), options.timing()).totalCycles();
    assertEquals(result.denseTime().totalCycles(), unpruned);
    assertTrue(result.speedup() > 1.1, "50% sparsity gains on ResNet-18: " + result.speedup());
    assertEquals((double) result.denseTime().totalCycles() / result.sparseTime().totalCycles(), result.speedup());
  }

  @Test
  void theDenseBaselineDoesNotDependOnThePruningBlockAndFewerWholeZero8x8BlocksGainLess() {
    CompileResult r48 = pipeline.compile(options.withBlock(new BlockShape(4, 8)).withTrace(false));
    assertEquals(result.denseTime().totalCycles(), r48.denseTime().totalCycles());
    assertEquals(result.weightBytesDense(), r48.weightBytesDense());
    assertEquals("8x8", r48.sparse().program().settings().block(), "the array's blocks, not the pruning block");
    // half of the 4x8 blocks zero leaves about a quarter of the 8x8 blocks whole zero (both halves by chance)
    assertTrue(r48.hardwareBlockSparsity() > 0.15 && r48.hardwareBlockSparsity() < 0.35, "" + r48.hardwareBlockSparsity());
    assertTrue(r48.speedup() < result.speedup(), r48.speedup() + " vs " + result.speedup());
  }

  @Test
  void everyLoweredLayerHasOneRowAndSmallGainsHaveAReason() {
    assertEquals(result.sparse().program().layers().size(), result.layers().size());
    LayerRow first = result.layers().stream().filter(LayerRow::hasWeights).findFirst().orElseThrow();
    assertEquals("excluded: first conv", first.reason());
    for (LayerRow r : result.layers()) {
      boolean small = r.speedup() < LayerRows.SMALL_GAIN && r.denseMicros() > 0;
      boolean beyond = r.speedup() >= LayerRows.SMALL_GAIN && LayerRows.beyondIdeal(r);
      assertEquals(small || beyond, !r.reason().isEmpty(), r.name() + " " + r.speedup() + " '" + r.reason() + "'");
      assertEquals(beyond, r.reason().startsWith("beyond the"), r.name() + " '" + r.reason() + "'");
    }
  }

  @Test
  void theSameCompileTwiceOrOnTwoThreadsGivesTheSameBytes() throws Exception {
    PrunedModel pruned = result.pruned();
    CompileOptions untraced = options.withTrace(false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<CompileResult> a = pool.submit(() -> pipeline.compile(pruned, untraced));
      Future<CompileResult> b = pool.submit(() -> pipeline.compile(pruned, untraced));
      for (CompileResult r : List.of(a.get(), b.get())) {
        assertEquals(result.sparse().json(), r.sparse().json());
        assertEquals(result.dense().json(), r.dense().json());
        assertArrayEquals(result.sparse().weights(), r.sparse().weights());
        assertEquals(result.layers(), r.layers());
        assertTrue(r.trace() == null, "no trace unless asked for");
      }
    } finally {
      pool.shutdown();
    }
    assertNotNull(result.trace());
    assertArrayEquals(result.trace(), pipeline.compile(options).trace());
    CompileResult sequential = new CompilePipeline("resnet18", BuiltinModels.build("resnet18"), false)
        .compile(pruned, options);
    assertEquals(result.sparse().json(), sequential.sparse().json());
    assertEquals(result.layers(), sequential.layers());
    assertArrayEquals(result.trace(), sequential.trace());
  }

  @Test
  void noCompactionMakesTheDenseBaselineThePrimaryProgram() {
    CompileResult r = pipeline.compile(result.pruned(), options.withCompaction(false).withTiming(new TimingModel.Paper()));
    assertEquals(r.dense(), r.primary());
    assertEquals("paper", r.primaryTime().timing());
  }

  @Test
  void aModelPrunedForOtherOptionsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> pipeline.compile(result.pruned(), options.withSparsity(0.25)));
    assertThrows(BscException.class, () -> options.withSparsity(1.0));
  }

  /** [zero, total] 8x8 blocks over all taps of a conv weight [Cout][Cin][kh][kw], counted here independently. */
  private static int[] zeroBlocks(Tensor w) {
    int cout = (int) w.shape().dim(0);
    int cin = (int) w.shape().dim(1);
    int taps = (int) (w.shape().dim(2) * w.shape().dim(3));
    FloatBuffer f = w.bytes().asFloatBuffer();
    int rows = (cout + 7) / 8;
    int cols = (cin + 7) / 8;
    boolean[] nonzero = new boolean[rows * cols];
    for (int o = 0; o < cout; o++) {
      for (int i = 0; i < cin; i++) {
        for (int t = 0; t < taps; t++) {
          nonzero[(o / 8) * cols + i / 8] |= f.get((o * cin + i) * taps + t) != 0f;
        }
      }
    }
    int zero = 0;
    for (boolean b : nonzero) {
      zero += b ? 0 : 1;
    }
    return new int[] {zero, rows * cols};
  }

  private static long taps(String weightShape) {
    if (weightShape.isEmpty()) {
      return 0;
    }
    String[] d = weightShape.split("x");
    return d.length == 4 ? Long.parseLong(d[2]) * Long.parseLong(d[3]) : 1;
  }
}
