package bsc.tests.results;

import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.lower.Lowering;
import bsc.aie2.lower.WeightSource;
import bsc.aie2.program.Program;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingConstants;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;

/**
 * Compiles a built-in model as the paper did (all convs but the first pruned to 50% in 8x8 blocks, classifier
 * excluded; dense = the same pruned model compiled without compaction, the authors' {@code nocompression}) and
 * simulates it under both timing models.
 */
final class LatencyRuns {
  private LatencyRuns() {}

  /** One cell: both models' results, or why the compiler or the simulator failed. */
  record Run(String model, String array, boolean sparse, int instructions, SimulationResult paper,
      SimulationResult detailed, SimulationResult detailedWithoutAssumed, String failure) {
    boolean ok() {
      return failure == null;
    }
  }

  /** The model after the canonical passes and 50% 8x8 block pruning (paper-facts.md 2.3). */
  static Graph prunedModel(String model) {
    Graph g = PassManager.canonical().run(BuiltinModels.build(model));
    return Pruner.prune(g, PruneOptions.paper(0.5)).graph();
  }

  static Run run(Graph pruned, String model, String array, boolean sparse) {
    Program p;
    try {
      p = Lowering.lower(pruned, TargetLoader.load(array), LowerOptions.paper(0.5).withCompaction(sparse),
          WeightSource.timingOnly()).program();
    } catch (BscException e) {
      return new Run(model, array, sparse, 0, null, null, null, "compile: " + e.getMessage());
    }
    int instructions = 0;
    for (var l : p.layers()) {
      instructions += l.instructions().size();
    }
    SimulationResult paper = Simulator.simulate(p, new TimingModel.Paper());
    try {
      SimulationResult detailed = Simulator.simulate(p, new TimingModel.Detailed());
      TimingConstants noAssumed = TimingConstants.of(p.target()).withAssumedOverheads(0, 0);
      SimulationResult bare = Simulator.simulate(p, new TimingModel.Detailed(), noAssumed, null);
      return new Run(model, array, sparse, instructions, paper, detailed, bare, null);
    } catch (BscException e) {
      return new Run(model, array, sparse, instructions, paper, null, null, "simulate: " + e.getMessage());
    }
  }
}
