package bsc.sim.timing;

import static bsc.aie2.program.Group.BODY;
import static bsc.aie2.program.Group.HEAD;
import static bsc.aie2.program.Group.ONCE;
import static bsc.aie2.program.Group.TAIL;
import static bsc.aie2.program.InstructionKind.COMP;
import static bsc.aie2.program.InstructionKind.LOADFM;
import static bsc.aie2.program.InstructionKind.LOADWM;
import static bsc.aie2.program.InstructionKind.WRITEFM;
import static bsc.aie2.program.LockOp.When.EACH;
import static bsc.aie2.program.LockOp.When.FIRST;
import static bsc.aie2.program.LockOp.When.LAST;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.aie2.program.Channel;
import bsc.aie2.program.Group;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import java.util.List;

/** Hand-built programs shared by the tests. */
final class Fixtures {
  private Fixtures() {}

  /**
   * docs/PROGRAM.md section 9's worked example: a 3x3 conv, 16 -> 16 channels, 8 x 8 input, pad 1, on a 2x2 array;
   * output width split over the 2 columns, output channels over the 2 core rows, 2 output rows per iteration
   * (HEAD x1, BODY x2, TAIL x1). Each column's LOADFM is a two-segment chain: its own 4 columns and the padding
   * (320 bytes), then one halo column from the neighbouring memtile (64 bytes). {@code breakInputRelease}: the
   * COMPs forget to release core.in.empty, which starves the third LOADFM iteration.
   */
  static Program workedExample(boolean breakInputRelease) {
    Aie2Target t = TargetLoader.overlay(2, 2);
    ProgramBuilder.Layer layer = new ProgramBuilder(t).layer("conv", "Conv")
        .lock("core.in.empty", LockDef.Scope.CORE, 2)
        .lock("core.in.full", LockDef.Scope.CORE, 0)
        .lock("core.out.empty", LockDef.Scope.CORE, 2)
        .lock("core.out.full", LockDef.Scope.CORE, 0)
        .lock("core.w.full", LockDef.Scope.CORE, 0)
        .lock("core.w.empty", LockDef.Scope.CORE, 1);
    ProgramBuilder.Instr weights = layer.instr(LOADWM, ONCE, 1)
        .acquire("core.w.empty", 1, EACH).release("core.w.full", 1, EACH);
    for (int r = 0; r < 2; r++) {
      weights.transfer(ProgramBuilder.loadWm(r, ProgramBuilder.row(t, r), 1216));
    }
    weights.done();
    int[] iterations = {1, 2, 1};
    Group[] groups = {HEAD, BODY, TAIL};
    for (int g = 0; g < 3; g++) {
      ProgramBuilder.Instr in = layer.instr(LOADFM, groups[g], iterations[g])
          .acquire("core.in.empty", 1, EACH).release("core.in.full", 1, EACH);
      for (int c = 0; c < 2; c++) {
        in.transfer(ProgramBuilder.withHalo(ProgramBuilder.loadFm(c, ProgramBuilder.column(t, c), 320), 1 - c, 64));
      }
      in.done();
    }
    for (int g = 0; g < 3; g++) {
      ProgramBuilder.Instr comp = layer.instr(COMP, groups[g], iterations[g])
          .acquire("core.in.full", 1, EACH).acquire("core.out.empty", 1, EACH)
          .release("core.out.full", 1, EACH);
      if (!breakInputRelease) {
        comp.release("core.in.empty", 1, EACH);
      }
      if (groups[g] == HEAD) {
        comp.acquire("core.w.full", 1, FIRST);
      }
      if (groups[g] == TAIL) {
        comp.release("core.w.empty", 1, LAST);
      }
      for (TileRef core : cores(t)) {
        comp.compute(ProgramBuilder.conv(core, 2, 4, 8, 16, 3, 1, 2));
      }
      comp.done();
    }
    ProgramBuilder.Instr write = layer.instr(WRITEFM, ONCE, 4)
        .acquire("core.out.full", 1, EACH).release("core.out.empty", 1, EACH);
    for (TileRef core : cores(t)) {
      write.transfer(ProgramBuilder.writeFm(core, 64));
    }
    return write.done().done().build();
  }

  static List<TileRef> cores(Aie2Target t) {
    List<TileRef> all = new java.util.ArrayList<>();
    for (int r = 0; r < t.rows(); r++) {
      for (int c = 0; c < t.columns(); c++) {
        all.add(TileRef.core(c, r));
      }
    }
    return all;
  }

  static Channel coreInput(TileRef core) {
    return new Channel(Channel.TileKind.CORE, core.column(), core.row(), Channel.Direction.S2MM, 0);
  }
}
