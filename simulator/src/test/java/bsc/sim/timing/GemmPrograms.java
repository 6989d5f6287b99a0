package bsc.sim.timing;

import static bsc.aie2.program.LockOp.When.EACH;
import static bsc.aie2.program.LockOp.When.FIRST;
import static bsc.aie2.program.LockOp.When.LAST;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Group;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import java.util.ArrayList;
import java.util.List;

/**
 * INT8 GEMMs C[M x N] = A[M x K] B[K x N] as 1x1 convolutions in the program format, for the validation cases
 * (docs/VALIDATION.md). A (activations, M pixels x K channels) and C stay in the memtiles, as a layer whose
 * tensors fit; B is the conv weight. M is split over the columns (A tiles are column broadcasts), N over the
 * core rows (B chunks are row broadcasts).
 */
final class GemmPrograms {
  private GemmPrograms() {}

  /**
   * Weight-stationary, the paper's conv mapping: a core holds a K x n chunk of B (at most 16 KB, core.w) while
   * its column streams m x K tiles of A through the input ping/pong (at most 8 KB a slot); each iteration writes an
   * m x n INT8 tile of C. One pass per n-chunk of a row's output channels; the single weight buffer makes a
   * pass's LOADWM wait until the previous pass's last COMP.
   */
  static Program weightStationary(Aie2Target t, int columns, int rows, long m, long n, long k, int pixelsPerColumn,
      int channelsPerRow) {
    int iterations = (int) (pixelsPerColumn / m);
    int passes = (int) (channelsPerRow / n);
    ProgramBuilder.Layer layer = new ProgramBuilder(t).layer("gemm", "Conv")
        .lock("in.empty", LockDef.Scope.CORE, 2).lock("in.full", LockDef.Scope.CORE, 0)
        .lock("out.empty", LockDef.Scope.CORE, 2).lock("out.full", LockDef.Scope.CORE, 0)
        .lock("w.empty", LockDef.Scope.CORE, 1).lock("w.full", LockDef.Scope.CORE, 0);
    List<TileRef> cores = cores(columns, rows);
    for (int p = 0; p < passes; p++) {
      ProgramBuilder.Instr w = layer.instr(InstructionKind.LOADWM, Group.ONCE, 1)
          .acquire("w.empty", 1, EACH).release("w.full", 1, EACH);
      for (int r = 0; r < rows; r++) {
        w.transfer(ProgramBuilder.loadWm(r % columns, rowCores(columns, r), k * n + 64));
      }
      w.done();
      ProgramBuilder.Instr in = layer.instr(InstructionKind.LOADFM, Group.BODY, iterations)
          .acquire("in.empty", 1, EACH).release("in.full", 1, EACH);
      for (int c = 0; c < columns; c++) {
        in.transfer(ProgramBuilder.loadFm(c, columnCores(c, rows), m * k));
      }
      in.done();
      ProgramBuilder.Instr comp = layer.instr(InstructionKind.COMP, Group.BODY, iterations)
          .acquire("in.full", 1, EACH).acquire("out.empty", 1, EACH).acquire("w.full", 1, FIRST)
          .release("in.empty", 1, EACH).release("out.full", 1, EACH).release("w.empty", 1, LAST);
      for (TileRef core : cores) {
        comp.compute(ProgramBuilder.conv(core, 1, (int) m, (int) n, (int) k, 1, 1, (int) (n / 8 * k / 8)));
      }
      comp.done();
      writeOutputs(layer, cores, iterations, m * n);
    }
    return layer.done().build();
  }

  /**
   * Output-stationary with small tiles, as mlir-aie's whole_array matmul: each core accumulates an m x n tile
   * of C (INT32, in core.out) over K / k steps, each step bringing an m x k tile of A (column broadcast,
   * core.in) and a k x n tile of B (row broadcast, core.in2 ping/pong), then writes the tile. A core computes
   * (M / m / columns) x (N / n / rows) output tiles, one round of instructions each.
   */
  static Program outputStationary(Aie2Target t, int columns, int rows, int bigM, int bigN, int bigK, int m, int n,
      int k) {
    int steps = bigK / k;
    int rounds = (bigM / m / columns) * (bigN / n / rows);
    ProgramBuilder.Layer layer = new ProgramBuilder(t).layer("gemm", "Conv")
        .lock("a.empty", LockDef.Scope.CORE, 2).lock("a.full", LockDef.Scope.CORE, 0)
        .lock("b.empty", LockDef.Scope.CORE, 2).lock("b.full", LockDef.Scope.CORE, 0)
        .lock("c.empty", LockDef.Scope.CORE, 2).lock("c.full", LockDef.Scope.CORE, 0);
    List<TileRef> cores = cores(columns, rows);
    for (int round = 0; round < rounds; round++) {
      ProgramBuilder.Instr a = layer.instr(InstructionKind.LOADFM, Group.BODY, steps)
          .acquire("a.empty", 1, EACH).release("a.full", 1, EACH);
      for (int c = 0; c < columns; c++) {
        a.transfer(ProgramBuilder.loadFm(c, columnCores(c, rows), (long) m * k));
      }
      a.done();
      ProgramBuilder.Instr b = layer.instr(InstructionKind.LOADWM, Group.BODY, steps)
          .acquire("b.empty", 1, EACH).release("b.full", 1, EACH);
      for (int r = 0; r < rows; r++) {
        b.transfer(ProgramBuilder.loadWm(r % columns, rowCores(columns, r), (long) k * n));
      }
      b.done();
      Group[] groups = {Group.HEAD, Group.BODY, Group.TAIL};
      int[] iterations = {1, steps - 2, 1};
      for (int g = 0; g < 3; g++) {
        ProgramBuilder.Instr comp = layer.instr(InstructionKind.COMP, groups[g], iterations[g])
            .acquire("a.full", 1, EACH).acquire("b.full", 1, EACH)
            .release("a.empty", 1, EACH).release("b.empty", 1, EACH);
        if (g == 0) {
          comp.acquire("c.empty", 1, FIRST);
        }
        if (g == 2) {
          comp.release("c.full", 1, LAST);
        }
        for (TileRef core : cores) {
          comp.compute(ProgramBuilder.gemmCall(core, m, n, k, g > 0, g == 2));
        }
        comp.done();
      }
      ProgramBuilder.Instr out = layer.instr(InstructionKind.WRITEFM, Group.ONCE, 1)
          .acquire("c.full", 1, EACH).release("c.empty", 1, EACH);
      for (TileRef core : cores) {
        out.transfer(ProgramBuilder.writeFm(core, (long) m * n));
      }
      out.done();
    }
    return layer.done().build();
  }

  /**
   * WRITEFM of every core's m x n tile each iteration. With more than 4 core rows two rows share a memtile S2MM
   * channel (2 + row % 4, docs/PROGRAM.md 5); entries of one instruction on a shared channel interleave.
   */
  private static void writeOutputs(ProgramBuilder.Layer layer, List<TileRef> cores, int iterations, long bytes) {
    ProgramBuilder.Instr out = layer.instr(InstructionKind.WRITEFM, Group.BODY, iterations)
        .acquire("out.full", 1, EACH).release("out.empty", 1, EACH);
    for (TileRef core : cores) {
      out.transfer(ProgramBuilder.writeFm(core, bytes));
    }
    out.done();
  }

  static List<TileRef> cores(int columns, int rows) {
    List<TileRef> all = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        all.add(TileRef.core(c, r));
      }
    }
    return all;
  }

  private static List<TileRef> columnCores(int column, int rows) {
    List<TileRef> cores = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      cores.add(TileRef.core(column, r));
    }
    return cores;
  }

  private static List<TileRef> rowCores(int columns, int row) {
    List<TileRef> cores = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      cores.add(TileRef.core(c, row));
    }
    return cores;
  }
}
