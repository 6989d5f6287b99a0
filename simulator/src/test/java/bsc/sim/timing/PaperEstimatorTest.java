package bsc.sim.timing;

import static bsc.aie2.program.Group.BODY;
import static bsc.aie2.program.Group.ONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaperEstimatorTest {
  private static final Aie2Target T22 = TargetLoader.overlay(2, 2);
  private static final TileRef C00 = TileRef.core(0, 0);

  /**
   * LOAD 4000 B and LOADW 8000 B (1000 and 2000 cycles at 4 GB/s), LOADWM 400 B (100), a BODY of 5 iterations
   * of LOADFM 400 B (100 per iteration), a 1x1 conv of 8 pixels x 8 blocks (4096 MACs = 16 cycles) and WRITEFM
   * 64 B (16), then a WRITE split over the two DDR channels (2 x 2000 B, 500 cycles in parallel).
   */
  private static Program layer() {
    return new ProgramBuilder(T22).layer("l", "Conv")
        .instr(InstructionKind.LOAD, ONCE, 1).transfer(ProgramBuilder.load(0, 4000)).done()
        .instr(InstructionKind.LOADW, ONCE, 1).transfer(ProgramBuilder.loadW(0, 8000)).done()
        .instr(InstructionKind.LOADWM, ONCE, 1).transfer(ProgramBuilder.loadWm(0, List.of(C00), 400)).done()
        .instr(InstructionKind.LOADFM, BODY, 5).transfer(ProgramBuilder.loadFm(0, List.of(C00), 400)).done()
        .instr(InstructionKind.COMP, BODY, 5).compute(ProgramBuilder.conv(C00, 1, 8, 8, 64, 1, 1, 8)).done()
        .instr(InstructionKind.WRITEFM, BODY, 5).transfer(ProgramBuilder.writeFm(C00, 64)).done()
        .instr(InstructionKind.WRITE, ONCE, 1).transfer(ProgramBuilder.write(0, 0, 2000))
        .transfer(ProgramBuilder.write(0, 1, 2000)).done()
        .done().build();
  }

  @Test
  void ddrMovesAreSummedIteratedInstructionsOverlapAndLoadwmBlocks() {
    SimulationResult r = Simulator.simulate(layer(), new TimingModel.Paper());
    assertEquals(1000 + 2000 + 100 + 5 * 100 + 500, r.totalCycles());
  }

  @Test
  void theBreakdownAddsEachInstructionsOwnDuration() {
    SimulationResult r = Simulator.simulate(layer(), new TimingModel.Paper());
    assertEquals(1000, r.instructionCycles().get(InstructionKind.LOAD));
    assertEquals(2000, r.instructionCycles().get(InstructionKind.LOADW));
    assertEquals(100, r.instructionCycles().get(InstructionKind.LOADWM));
    assertEquals(500, r.instructionCycles().get(InstructionKind.LOADFM));
    assertEquals(5 * 16, r.instructionCycles().get(InstructionKind.COMP));
    assertEquals(5 * 16, r.instructionCycles().get(InstructionKind.WRITEFM));
    assertEquals(500, r.instructionCycles().get(InstructionKind.WRITE));
  }

  @Test
  void theDetailedModelOverlapsTheDdrMovesTheAuthorsSummed() {
    // LOAD and LOADW run on separate shim channels, LOADWM and the BODY on the array: the detailed time is
    // set by the longest chain, here the 8000-byte weight load, not by the sum
    SimulationResult r = Simulator.simulate(layer(), new TimingModel.Detailed());
    SimulationResult p = Simulator.simulate(layer(), new TimingModel.Paper());
    assertEquals(true, r.totalCycles() < p.totalCycles(), r.totalCycles() + " vs " + p.totalCycles());
    assertEquals(true, r.totalCycles() >= 2000, "" + r.totalCycles());
  }
}
