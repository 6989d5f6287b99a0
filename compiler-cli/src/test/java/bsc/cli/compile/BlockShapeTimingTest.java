package bsc.cli.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.models.BuiltinModels;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.BlockShape;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pruning block shape only decides which weights are zero: the program always stores and walks 8x8 hardware
 * blocks (docs/PROGRAM.md section 7), so the block shape must not change how long a program takes.
 */
class BlockShapeTimingTest {
  private static final List<String> SHAPES = List.of("8x8", "4x8", "8x4", "4x4", "16x4", "4x16", "1x1");
  private static CompilePipeline pipeline;
  private static CompileOptions options;

  @BeforeAll
  static void build() {
    pipeline = new CompilePipeline("tiny_cnn", BuiltinModels.build("tiny_cnn"));
    options = CompileOptions.paper(TargetLoader.load("2x2"));
  }

  @Test
  void atSparsityZeroTheDenseBaselineIsTheCompactedProgramForEveryBlockShape() {
    assertEquals(0, pipeline.ownZeroBlocks(), "tiny_cnn's own weights have no all-zero 8x8 block");
    for (String s : SHAPES) {
      CompileResult r = pipeline.compile(options.withBlock(BlockShape.parse(s)).withSparsity(0));
      assertEquals(r.denseTime().totalCycles(), r.sparseTime().totalCycles(), s);
      assertEquals(1.0, r.speedup(), s);
    }
  }

  @Test
  void theSameProgramTakesTheSameTimeWhateverBlockShapeItRecords() {
    // pruned in 4x8 blocks, half of them zero: few 8x8 blocks are all zero, so compaction saves little;
    // before the fix the simulator priced each 8x8 block of such a program as a 4x8 one (half the time)
    PrunedModel m = pipeline.prune(new BlockShape(4, 8), 0.5);
    Aie2Target t = options.target();
    long[] cycles = new long[2];
    String[] recorded = {"4x8", "8x8"};
    for (int i = 0; i < 2; i++) {
      LowerOptions o = new LowerOptions(true, true, 0.5, recorded[i]);
      cycles[i] = Simulator.simulate(Aie2Compiler.compile(m.graph(), t, o).program(), new TimingModel.Detailed())
          .totalCycles();
    }
    assertEquals(cycles[1], cycles[0]);
    CompileResult r = pipeline.compile(m, options.withBlock(new BlockShape(4, 8)));
    assertTrue(r.sparseTime().totalCycles() <= r.denseTime().totalCycles(), "compaction never adds work");
    assertEquals(cycles[0], r.sparseTime().totalCycles());
  }
}
