package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.timing.LayerBound;
import bsc.sim.timing.LayerTiming;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

  private static final Map<String, Graph> PRUNED = new HashMap<>();

  /** The model after the canonical passes and the paper's 50% 8x8 block pruning, built once per class. */
  private static synchronized Graph pruned(String model) {
    return PRUNED.computeIfAbsent(model, m -> Pruner.prune(PassManager.canonical().run(BuiltinModels.build(m)),
        PruneOptions.paper(0.5)).graph());
  }

  @Test
  void everyLayerOfEveryModelTakesAtLeastItsPhysicalBound() {
    for (String[] c : CASES) {
      Graph pruned = pruned(c[0]);
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

  /**
   * VGG-16 with its classifier on the array: fc6 (classifier.0, 25088 -> 4096 as a 7x7 conv over 7x7x512, not
   * pruned) stages one block row per core in its column's memtile. One block row: 64 block columns of 49 taps in
   * 13 CIN chunks (12 of 5 blocks: header 64 + 5 x 3136 = 15744 bytes, one of 4: 64 + 4 x 3136 = 12608; 6 blocks
   * would take 18880 > the 16384-byte weight buffer), 12 x 15744 + 12608 = 201536 bytes. Smallest working set
   * with all cores of a column: N x 201536 + the staged input (7 rows x ceil(7 / N) columns x 512) + the output
   * (4096) + INT32 partial sums (N x 8 x 4): 619552 on 3x3 and 817536 on 4x4, above the 524288-byte memtile
   * (what these arrays failed with before); with 2 cores, 403072 + 10752 + 4096 + 64 = 417984 on 3x3, and
   * 3 cores never fit (604608 alone). So 2 cores per column on every array, and the layer, all weights and
   * little compute, must be bound by weight traffic.
   */
  @Test
  void vgg16sClassifierRunsOnTwoCoresOfEachColumnAndTakesAtLeastItsBound() {
    for (String array : new String[] {"3x3", "4x4", "8x8"}) {
      Program p = Lowering.lower(pruned("vgg16"), TargetLoader.load(array),
          LowerOptions.paper(0.5).withExcludeClassifier(false), WeightSource.timingOnly()).program();
      ProgramVerifier.verify(p);
      LayerProgram fc6 = p.layers().stream().filter(l -> l.name().equals("classifier.0")).findFirst().orElseThrow();
      int columns = p.target().columns();
      assertEquals(2 * columns, fc6.report().coresUsed(), array + " " + fc6.report().split());
      assertTrue(fc6.report().split().startsWith("COUT/" + 2 * columns + " x "), fc6.report().split());
      assertTrue(fc6.report().reason().contains("only the first 2 of the " + p.target().rows() + " cores of each"
          + " column"), fc6.report().reason());
      SimulationResult r = Simulator.simulate(p, new TimingModel.Detailed());
      checkBounds(p, r, "vgg16 with classifier " + array);
      LayerTiming t = r.layers().get(p.layers().indexOf(fc6));
      assertTrue(t.bound().limiter() == LayerBound.Limiter.WEIGHTS || t.bound().limiter() == LayerBound.Limiter.DDR,
          array + ": " + t.bound());
    }
  }

  @Test
  void aProgramWithAReleaseRemovedDeadlocksNamingLayerInstructionAndLock() {
    Program p = Lowering.lower(pruned("resnet50"), TargetLoader.load("4x4"), LowerOptions.paper(0.5),
        WeightSource.timingOnly()).program();
    // the first COMP that frees an input slot stops doing so: its LOADFM runs out of slots
    List<LayerProgram> layers = new ArrayList<>(p.layers());
    int broken = -1;
    Instruction victim = null;
    for (int i = 0; i < layers.size() && broken < 0; i++) {
      for (Instruction in : layers.get(i).instructions()) {
        if (in.kind() == InstructionKind.COMP && in.iterations() > 2
            && in.release().stream().anyMatch(op -> op.lock().equals("core.in.empty"))) {
          broken = i;
          victim = in;
          break;
        }
      }
    }
    assertTrue(broken >= 0, "a COMP releasing core.in.empty");
    LayerProgram l = layers.get(broken);
    List<Instruction> instructions = new ArrayList<>();
    for (Instruction in : l.instructions()) {
      instructions.add(in != victim ? in : new Instruction(in.id(), in.kind(), in.group(), in.iterations(),
          in.transfers(), in.computes(), in.acquire(),
          in.release().stream().filter(op -> !op.lock().equals("core.in.empty")).toList(), in.after(), in.note()));
    }
    layers.set(broken, new LayerProgram(l.index(), l.name(), l.op(), l.inputs(), l.output(), l.report(), l.buffers(),
        l.locks(), instructions));
    Program bad = new Program(p.format(), p.model(), p.settings(), p.target(), p.coreBuffers(), p.ddr(), p.tensors(),
        layers);
    BscException e = assertThrows(BscException.class, () -> Simulator.simulate(bad, new TimingModel.Detailed()));
    assertEquals("layer " + l.index() + " '" + l.name() + "'", e.where());
    assertTrue(e.what().startsWith("deadlock at cycle "), e.what());
    assertTrue(e.what().contains("waits for lock core.in.empty@"), e.what());
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
