package bsc.aie2.lower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.Aie2Target;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.passes.PassManager;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * CoreCount on hand-made dense fully connected layers (Gemm, lowered as a 1x1 conv over all cores, COUT split),
 * on the paper's arrays (512 KB = 524288-byte memtile, 16384-byte core weight buffer, paper-facts.md).
 *
 * <p>Worked by hand from ChunkFormat (docs/PROGRAM.md section 7): a chunk of one block row with b blocks of one
 * tap takes a header of align16(align4(8 + 4 + 2b) + 4 x 8 + 8) bytes, then 64b. With b = 240:
 * align4(492) = 492, + 40 = 532, align16 = 544, + 15360 = 15904 <= 16384; with b = 248 it is 560 + 15872 = 16432,
 * too big, so one input-channel (CIN) chunk holds 240 block columns when they divide evenly. A weight chunk holds
 * one block row (two would be 30720 bytes and more). The smallest working set of a memtile (PassPlanner: every
 * tensor staged, one weight chunk per core at a time, all its CIN chunks) is, on a 1x1 map, the block row of
 * each core of the column, the staged input (Cin bytes), the staged output (Cout bytes, aligned to 16) and the
 * INT32 partial sums of one 8-channel chunk per core (32 bytes per core).
 */
class CoreCountTest {
  private static final long MEMTILE = 524288;

  /**
   * 17280 -> 96: 2160 block columns in 9 CIN chunks of 240 (8 chunks of 270 would not fit), 9 x 15904 = 143136
   * bytes per block row, 12 block rows. On 4x4 with 4 cores per column: 4 x 143136 + 17280 + 96 + 4 x 32 =
   * 590048 > 524288. With 3 cores: 3 x 143136 + 17280 + 96 + 3 x 32 = 446880, fits: 3 cores in each of the 4
   * columns, one block row each.
   */
  @Test
  void aLargeFullyConnectedLayerUsesThreeOfTheFourCoresOfEachColumn() {
    Graph g = fullyConnected(17280, 96);
    Aie2Target t = TargetLoader.load("4x4");
    Layer fc = onlyLayer(g);
    CorePlanner planner = new CorePlanner(t, true);
    PassPlanner passes = new PassPlanner(t);
    assertEquals(590048, minimumScratch(planner, passes, fc, 4));
    assertEquals(446880, minimumScratch(planner, passes, fc, 3));
    Lowering.Planned chosen = new CoreCount(t, (l, ci, n) -> planLayer(planner, passes, l, ci, n)).choose(fc);
    assertEquals(3, chosen.plan().coresPerColumn());
    assertEquals(446880, chosen.minScratch());

    CompiledProgram first = Aie2Compiler.compile(g, t, options());
    LayerProgram p = onlyProgram(first.program());
    assertEquals(12, p.report().coresUsed(), p.report().split());
    assertEquals("COUT/12 x CIN9 x H/1", p.report().split());
    assertTrue(p.report().reason().contains("only the first 3 of the 4 cores of each column: with 4, the smallest"
        + " memtile working set"), p.report().reason());
    CompiledProgram again = Aie2Compiler.compile(g, t, options());
    assertEquals(first.json(), again.json(), "the fallback is deterministic");
    assertArrayEquals(first.weights(), again.weights());
  }

  /**
   * The same layer on 3x3: 12 block rows over 9 cores, some cores take two, in two weight chunks of one block row
   * (COUT2t); one chunk per core at a time, the smallest working set is the 446880 bytes above, so all 3 cores
   * of each column are used.
   */
  @Test
  void whenEveryCoreFitsEveryCoreIsUsed() {
    Graph g = fullyConnected(17280, 96);
    Aie2Target t = TargetLoader.load("3x3");
    CorePlanner planner = new CorePlanner(t, true);
    assertEquals(446880, minimumScratch(planner, new PassPlanner(t), onlyLayer(g), 3));
    LayerProgram p = onlyProgram(Aie2Compiler.compile(g, t, options()).program());
    assertEquals(9, p.report().coresUsed());
    assertEquals("COUT/9 x COUT2t x CIN9 x H/1", p.report().split());
    assertTrue(!p.report().reason().contains("only the first"), p.report().reason());
  }

  /**
   * 63360 -> 8: 7920 block columns in 33 CIN chunks of 240 (32 chunks would be 248 or 247 wide, and 248 blocks
   * take 16432 bytes), 33 x 15904 = 524832 bytes for the single block row alone, more than the memtile on any
   * number of cores; with the staged input, output and partial sums: 524832 + 63360 + 16 + 32 = 588240.
   */
  @Test
  void aBlockRowLargerThanTheMemtileIsRejectedWithTheSmallestWorkingSet() {
    Graph g = fullyConnected(63360, 8);
    BscException e = assertThrows(BscException.class,
        () -> Aie2Compiler.compile(g, TargetLoader.load("4x4"), options()));
    assertEquals("layer fc: its smallest working set (588240 bytes) exceeds the memtile (" + MEMTILE
        + " bytes) on any number of cores per column", e.getMessage());
  }

  private static long minimumScratch(CorePlanner planner, PassPlanner passes, Layer l, int coresPerColumn) {
    CorePlan p = planner.plan(l, 1, 1, coresPerColumn);
    return passes.minimumScratch(p, new ChunkSizes(p, planner.stats(l)));
  }

  private static Lowering.Planned planLayer(CorePlanner planner, PassPlanner passes, Layer l, int ci, int n) {
    CorePlan p = planner.plan(l, 1, ci, n);
    ChunkSizes cs = new ChunkSizes(p, planner.stats(l));
    return new Lowering.Planned(p, cs, passes.minimumScratch(p, cs));
  }

  private static LowerOptions options() {
    return new LowerOptions(true, false, 0, "8x8");
  }

  /** x[1, cin] -> Gemm(transB) with every weight 0.5: every 8x8 block is nonzero. */
  private static Graph fullyConnected(int cin, int cout) {
    float[] w = new float[cin * cout];
    Arrays.fill(w, 0.5f);
    Graph.Builder b = Graph.builder("fc").addInput("x", TensorType.of(DataType.FLOAT, 1, cin))
        .addInitializer("w", Tensor.ofFloats(Shape.of(cout, cin), w));
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), "x", "w");
    return PassManager.canonical().run(b.addOutput("fc").build());
  }

  private static Layer onlyLayer(Graph g) {
    Schedule s = Scheduler.schedule(g, WeightSource.timingOnly(), false);
    assertEquals(1, s.layers().size(), s.layers().toString());
    return s.layers().get(0);
  }

  private static LayerProgram onlyProgram(Program p) {
    assertEquals(1, p.layers().size());
    return p.layers().get(0);
  }
}
