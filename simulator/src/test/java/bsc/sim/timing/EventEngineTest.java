package bsc.sim.timing;

import static bsc.aie2.program.Group.BODY;
import static bsc.aie2.program.Group.ONCE;
import static bsc.aie2.program.InstructionKind.COMP;
import static bsc.aie2.program.InstructionKind.LOADFM;
import static bsc.aie2.program.InstructionKind.WRITEFM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.ir.BscException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventEngineTest {
  private static final Aie2Target T22 = TargetLoader.overlay(2, 2);
  private static final TileRef C00 = TileRef.core(0, 0);
  private static final TileRef C01 = TileRef.core(0, 1);
  /** Detailed cost of one transfer: the DMA task set-up plus bytes at 4 bytes per cycle. */
  private static final long SETUP = TimingConstants.of(T22).dmaTaskSetupCycles();

  private static long detailedCycles(Program p) {
    return Simulator.simulate(p, new TimingModel.Detailed()).totalCycles();
  }

  @Test
  void oneTransferTakesItsBytesOverTheStreamPlusTheTaskSetUp() {
    Program p = new ProgramBuilder(T22).layer("l", "Copy")
        .instr(LOADFM, ONCE, 1).transfer(ProgramBuilder.loadFm(0, List.of(C00), 4000)).done().done().build();
    assertEquals(1000 + SETUP, detailedCycles(p));
    assertEquals(1000, Simulator.simulate(p, new TimingModel.Paper()).totalCycles());
  }

  @Test
  void twoTransfersOnOneChannelSerializeAndOnSeparateChannelsOverlap() {
    Program same = new ProgramBuilder(T22).layer("l", "Copy").instr(LOADFM, ONCE, 1)
        .transfer(ProgramBuilder.loadFm(0, List.of(C00), 4000))
        .transfer(ProgramBuilder.loadFm(0, List.of(C00), 4000)).done().done().build();
    Program separate = new ProgramBuilder(T22).layer("l", "Copy").instr(LOADFM, ONCE, 1)
        .transfer(ProgramBuilder.loadFm(0, List.of(C00), 4000))
        .transfer(ProgramBuilder.loadFm(1, List.of(TileRef.core(1, 0)), 4000)).done().done().build();
    assertEquals(2 * (1000 + SETUP), detailedCycles(same));
    assertEquals(1000 + SETUP, detailedCycles(separate));
  }

  @Test
  void entriesOfOneInstructionSharingAChannelInterleaveInsteadOfBlockingEachOther() {
    // 8 rows, 1 column: cores (0,0) and (0,4) write through the same memtile S2MM (2 + row % 4). Each core
    // holds 2 output slots; with 3 iterations, serving one core's WRITEFM to the end first would starve the
    // column broadcast that feeds both cores. Interleaved, the program runs.
    Aie2Target t81 = TargetLoader.overlay(8, 1);
    TileRef a = TileRef.core(0, 0);
    TileRef b = TileRef.core(0, 4);
    List<String> order = new ArrayList<>();
    Program p = new ProgramBuilder(t81).layer("l", "Conv")
        .lock("in.empty", bsc.aie2.program.LockDef.Scope.CORE, 2).lock("in.full", bsc.aie2.program.LockDef.Scope.CORE, 0)
        .lock("out.empty", bsc.aie2.program.LockDef.Scope.CORE, 2)
        .lock("out.full", bsc.aie2.program.LockDef.Scope.CORE, 0)
        .instr(LOADFM, BODY, 3).acquire("in.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("in.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .transfer(ProgramBuilder.loadFm(0, List.of(a, b), 400)).done()
        .instr(COMP, BODY, 3).acquire("in.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .acquire("out.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("in.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("out.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .compute(ProgramBuilder.conv(a, 1, 8, 8, 64, 1, 1, 8)).compute(ProgramBuilder.conv(b, 1, 8, 8, 64, 1, 1, 8))
        .done()
        .instr(WRITEFM, BODY, 3).acquire("out.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("out.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .transfer(ProgramBuilder.writeFm(a, 64)).transfer(ProgramBuilder.writeFm(b, 64)).done()
        .done().build();
    Simulator.simulate(p, new TimingModel.Detailed(), TimingConstants.of(t81), new StepListener() {
      @Override
      public void stepFinished(LayerProgram layer, Instruction in, int entry, int iteration, long s, long e) {
        if (in.kind() == WRITEFM) {
          order.add(entry + ":" + iteration);
        }
      }
    });
    assertEquals(List.of("0:0", "1:0", "0:1", "1:1", "0:2", "1:2"), order);
  }

  @Test
  void aChainPaysTheSetUpOfEachBufferDescriptor() {
    Program p = new ProgramBuilder(T22).layer("l", "Copy").instr(LOADFM, ONCE, 1)
        .transfer(ProgramBuilder.withHalo(ProgramBuilder.loadFm(0, List.of(C00), 320), 1, 64)).done().done().build();
    assertEquals(96 + 2 * SETUP, detailedCycles(p));
  }

  @Test
  void anInstructionStartsOnlyAfterTheInstructionsItNamesInAfter() {
    ProgramBuilder.Layer l = new ProgramBuilder(T22).layer("l", "Copy")
        .instr(InstructionKind.LOAD, ONCE, 1).transfer(ProgramBuilder.load(0, 4000)).done();
    Program independent = new ProgramBuilder(T22).layer("l", "Copy")
        .instr(InstructionKind.LOAD, ONCE, 1).transfer(ProgramBuilder.load(0, 4000)).done()
        .instr(LOADFM, ONCE, 1).transfer(ProgramBuilder.loadFm(1, List.of(C01), 4000)).done().done().build();
    Program ordered = l.instr(LOADFM, ONCE, 1).after(0).transfer(ProgramBuilder.loadFm(1, List.of(C01), 4000))
        .done().done().build();
    assertEquals(1000 + SETUP, detailedCycles(independent));
    assertEquals(2 * (1000 + SETUP), detailedCycles(ordered));
  }

  @Test
  void aBroadcastWaitsForItsSlowestReceiver() {
    // core (0,1)'s input channel first receives 4000 bytes from memtile 1; the column broadcast that follows
    // (memtile 0 -> both cores of column 0) can only start when that receiver is free
    Program busyReceiver = new ProgramBuilder(T22).layer("l", "Copy")
        .instr(LOADFM, ONCE, 1).transfer(ProgramBuilder.loadFm(1, List.of(C01), 4000)).done()
        .instr(LOADFM, ONCE, 1).transfer(ProgramBuilder.loadFm(0, List.of(C00, C01), 400)).done()
        .done().build();
    assertEquals((1000 + SETUP) + (100 + SETUP), detailedCycles(busyReceiver));
  }

  @Test
  void stepsOfTheWorkedExampleRespectItsLocks() {
    Program p = Fixtures.workedExample(false);
    List<long[]> steps = new ArrayList<>();
    List<String> kinds = new ArrayList<>();
    StepListener recorder = new StepListener() {
      @Override
      public void stepFinished(LayerProgram layer, Instruction in, int entry, int iteration, long s, long e) {
        TileRef core = entry < in.transfers().size()
            ? (in.kind() == WRITEFM ? in.transfers().get(entry).segments().get(0).src().tiles().get(0)
                : in.transfers().get(entry).dstTiles().get(0))
            : in.computes().get(entry - in.transfers().size()).core();
        kinds.add(in.kind().name());
        steps.add(new long[] {core.column(), core.row(), rowOfOutput(in, iteration), s, e, entry});
      }
    };
    SimulationResult r = Simulator.simulate(p, new TimingModel.Detailed(), TimingConstants.of(p.target()), recorder);
    // per column: 4 LOADFM steps (one per output row pair); 2 LOADWM; per core: 4 COMP and 4 WRITEFM steps
    assertEquals(2 * 4 + 2 + 4 * 4 + 4 * 4, steps.size());
    for (int i = 0; i < steps.size(); i++) {
      if (!kinds.get(i).equals("COMP")) {
        continue;
      }
      long[] comp = steps.get(i);
      int loaded = 0;
      for (int j = 0; j < steps.size(); j++) {
        long[] s = steps.get(j);
        if (kinds.get(j).equals("LOADFM") && s[0] == comp[0] && s[2] == comp[2]) {
          assertTrue(s[4] <= comp[3], "input rows arrive before the COMP that reads them");
          loaded++;
        }
        if (kinds.get(j).equals("LOADFM") && s[0] == comp[0] && s[2] == comp[2] + 2) {
          assertTrue(s[3] >= comp[4] || comp[2] > 1, "ping/pong: rows k+2 overwrite the slot only after COMP k");
        }
      }
      assertEquals(1, loaded, "one chained transfer per column and row pair");
    }
    assertTrue(r.totalCycles() >= r.boundCycles());
  }

  /** The output row pair an instruction's iteration produces: HEAD 0, BODY 1..2, TAIL 3, WRITEFM its iteration. */
  private static int rowOfOutput(Instruction in, int iteration) {
    return switch (in.group()) {
      case HEAD -> 0;
      case BODY -> 1 + iteration;
      case TAIL -> 3;
      case ONCE -> in.kind() == InstructionKind.LOADWM ? -1 : iteration;
    };
  }

  @Test
  void aMissingReleaseIsReportedAsADeadlockNamingLayerInstructionAndLock() {
    BscException e = assertThrows(BscException.class,
        () -> Simulator.simulate(Fixtures.workedExample(true), new TimingModel.Detailed()));
    assertEquals("layer 0 'conv'", e.where());
    assertTrue(e.what().startsWith("deadlock at cycle "), e.what());
    assertTrue(e.what().contains("instruction 2 LOADFM BODY (entry 0) iteration 1 of 2"), e.what());
    assertTrue(e.what().contains("steps never ran"), e.what());
    assertTrue(e.what().contains("waits for lock core.in.empty@r0c0 (value 0, needs 1)"), e.what());
  }

  @Test
  void aTransferToNoCoreWithACoreLockIsRejectedWithItsInstruction() {
    Program p = new ProgramBuilder(T22).layer("l", "Copy").lock("x", bsc.aie2.program.LockDef.Scope.CORE, 1)
        .instr(InstructionKind.LOAD, ONCE, 1).acquire("x", 1, bsc.aie2.program.LockOp.When.EACH)
        .transfer(ProgramBuilder.load(0, 64)).done().done().build();
    BscException e = assertThrows(BscException.class, () -> Simulator.simulate(p, new TimingModel.Detailed()));
    assertTrue(e.getMessage().contains("instruction 0 LOAD"), e.getMessage());
    assertTrue(e.getMessage().contains("core lock 'x'"), e.getMessage());
  }

  @Test
  void layersRunOneAfterAnotherWithTheSynchronisationBetweenThem() {
    Program p = new ProgramBuilder(T22)
        .layer("a", "Copy").instr(LOADFM, ONCE, 1).transfer(ProgramBuilder.loadFm(0, List.of(C00), 400)).done()
        .done()
        .layer("b", "Copy").instr(LOADFM, ONCE, 1).transfer(ProgramBuilder.loadFm(1, List.of(C01), 400)).done()
        .done().build();
    SimulationResult r = Simulator.simulate(p, new TimingModel.Detailed());
    long one = 100 + SETUP;
    long sync = TimingConstants.of(T22).layerSyncCycles();
    assertEquals(0, r.layers().get(0).startCycle());
    assertEquals(one + sync, r.layers().get(1).startCycle());
    assertEquals(2 * one + sync, r.totalCycles());
    assertEquals(2 * 100, Simulator.simulate(p, new TimingModel.Paper()).totalCycles());
  }

  @Test
  void aBodyOverlapsLoadComputeAndWriteThroughPingPong() {
    // 6 iterations: load 400 B (100 cycles + set-up), a 1x1 conv of 8 pixels x 64 ch, write 64 B
    Program p = new ProgramBuilder(T22).layer("l", "Conv")
        .lock("in.empty", bsc.aie2.program.LockDef.Scope.CORE, 2).lock("in.full", bsc.aie2.program.LockDef.Scope.CORE, 0)
        .lock("out.empty", bsc.aie2.program.LockDef.Scope.CORE, 2)
        .lock("out.full", bsc.aie2.program.LockDef.Scope.CORE, 0)
        .instr(LOADFM, BODY, 6).acquire("in.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("in.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .transfer(ProgramBuilder.loadFm(0, List.of(C00), 400)).done()
        .instr(COMP, BODY, 6).acquire("in.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .acquire("out.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("in.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("out.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .compute(ProgramBuilder.conv(C00, 1, 8, 8, 64, 1, 1, 8)).done()
        .instr(WRITEFM, BODY, 6).acquire("out.full", 1, bsc.aie2.program.LockOp.When.EACH)
        .release("out.empty", 1, bsc.aie2.program.LockOp.When.EACH)
        .transfer(ProgramBuilder.writeFm(C00, 64)).done()
        .done().build();
    SimulationResult r = Simulator.simulate(p, new TimingModel.Detailed());
    long load = 100 + SETUP;
    // load-bound pipeline: 6 loads back to back, then the last compute and write
    assertTrue(r.totalCycles() > 6 * load, "" + r.totalCycles());
    assertTrue(r.totalCycles() < 6 * load + 100, "" + r.totalCycles());
    // paper: the BODY set takes max(per-iteration times) x iterations
    assertEquals(6 * 100, Simulator.simulate(p, new TimingModel.Paper()).totalCycles());
  }
}
