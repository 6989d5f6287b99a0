package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.ProgramVerifier;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.lower.Lowering;
import bsc.aie2.lower.WeightSource;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.Transfer;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.timing.LayerTiming;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The timing simulator on the compiler's real programs (DESIGN.md 7): every layer of resnet50, inception_v3
 * and vgg16, dense (no compaction) and 50% sparse, takes at least its physical bound under both timing models,
 * and the bound is at least DESIGN.md's form; verified programs never deadlock.
 */
class SimulatorOnModelsTest {
  /** model, array: one of the paper's arrays per model, including a prime one the paper's compiler failed on. */
  private static final String[][] CASES = {{"resnet50", "4x4"}, {"inception_v3", "5x5"}, {"vgg16", "3x3"}};

  @Test
  void everyLayerOfEveryModelTakesAtLeastItsPhysicalBound() {
    for (String[] c : CASES) {
      Graph pruned = Pruner.prune(PassManager.canonical().run(BuiltinModels.build(c[0])), PruneOptions.paper(0.5))
          .graph();
      for (boolean sparse : new boolean[] {false, true}) {
        Program p = Lowering.lower(pruned, TargetLoader.load(c[1]), LowerOptions.paper(0.5).withCompaction(sparse),
            WeightSource.timingOnly()).program();
        ProgramVerifier.verify(p);
        for (TimingModel m : new TimingModel[] {new TimingModel.Paper(), new TimingModel.Detailed()}) {
          checkBounds(p, Simulator.simulate(p, m), c[0] + " " + c[1] + (sparse ? " sparse " : " dense ") + m.name());
        }
      }
    }
  }

  private static void checkBounds(Program p, SimulationResult r, String run) {
    assertTrue(r.totalCycles() >= r.boundCycles(), run);
    for (int i = 0; i < r.layers().size(); i++) {
      LayerTiming l = r.layers().get(i);
      String where = run + " layer " + l.index() + " " + l.name();
      assertTrue(l.cycles() >= l.bound().cycles(), where + ": " + l.cycles() + " < bound " + l.bound());
      long design = designBound(p, p.layers().get(i), l);
      assertTrue(l.bound().cycles() >= design, where + ": bound " + l.bound().cycles() + " < " + design);
    }
  }

  /**
   * DESIGN.md 7's bound: max(MACs / (cores x MACs per cycle), input bytes per column stream / 4, output bytes
   * per core stream / 4), computed straight from the program.
   */
  private static long designBound(Program p, LayerProgram layer, LayerTiming l) {
    int rate = p.target().links().streamBytesPerCycle();
    long compute = l.performedMacs() / ((long) p.target().cores() * p.target().compute().int8MacsPerCycle());
    Map<String, Long> in = new HashMap<>();
    Map<String, Long> out = new HashMap<>();
    for (Instruction ins : layer.instructions()) {
      for (Transfer t : ins.transfers()) {
        for (Transfer.Segment s : t.segments()) {
          long bytes = s.src().pattern().streamBytes() * ins.iterations();
          if (ins.kind() == InstructionKind.LOADFM) {
            in.merge(s.src().channel().toString(), bytes, Long::sum);
          } else if (ins.kind() == InstructionKind.WRITEFM) {
            out.merge(s.src().channel().toString(), bytes, Long::sum);
          }
        }
      }
    }
    long bound = compute;
    for (long b : in.values()) {
      bound = Math.max(bound, b / rate);
    }
    for (long b : out.values()) {
      bound = Math.max(bound, b / rate);
    }
    return bound;
  }
}
