package bsc.tests.results;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.ProgramVerifier;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.lower.Lowering;
import bsc.aie2.lower.WeightSource;
import bsc.aie2.program.Program;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * VGG-16's convolutions under the detailed timing model, where the choice of a conv's input-channel chunks
 * decides how often its input is streamed (codegen-aie2 CinChoice): more zero blocks must never make the
 * network slower, and the 50% sparse program must beat the paper's sparse estimate (paper-facts.md 6.1) on the
 * arrays where the fewest-chunks rule missed it (2x2, 3x3, 5x5). Every program passes the program verifier.
 */
class Vgg16SparseLatencyTest {
  private static final Graph CANONICAL = PassManager.canonical().run(BuiltinModels.build("vgg16"));

  private static double detailedMillis(double sparsity, String array) {
    Graph g = sparsity > 0 ? Pruner.prune(CANONICAL, PruneOptions.paper(sparsity)).graph() : CANONICAL;
    Program p = Lowering.lower(g, TargetLoader.load(array), LowerOptions.paper(sparsity).withCompaction(true),
        WeightSource.timingOnly()).program();
    ProgramVerifier.verify(p);
    return Simulator.simulate(p, new TimingModel.Detailed()).latencyMillis();
  }

  @Test
  void onTwoByTwoEverySparsityStepMakesTheNetworkFaster() {
    double[] sparsities = {0, 0.25, 0.5, 0.75};
    double before = Double.POSITIVE_INFINITY;
    StringBuilder seen = new StringBuilder();
    for (double s : sparsities) {
      double ms = detailedMillis(s, "2x2");
      seen.append(String.format(Locale.ROOT, " %.2f: %.3f ms", s, ms));
      assertTrue(ms < before, "vgg16 2x2 detailed latency not decreasing in sparsity:" + seen);
      before = ms;
    }
  }

  @Test
  void halfSparseBeatsThePaperSparseEstimateWhereTheFewestChunksMissedIt() {
    for (String array : new String[] {"2x2", "3x3", "5x5"}) {
      double ms = detailedMillis(0.5, array);
      double paper = PaperTable.latencyMillis("vgg16", array, true);
      assertTrue(ms < paper, String.format(Locale.ROOT, "vgg16 %s sparse: %.3f ms, paper %.3f ms", array, ms, paper));
    }
  }
}
