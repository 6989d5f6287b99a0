package bsc.sim.timing;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.aie2.program.Group;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.KernelKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The published measurements of ../shared/aie2-facts.md "Validation targets" that the program format can
 * express, each simulated with the detailed model next to the measured figure. {@code main} prints the table
 * of docs/VALIDATION.md (scripts/validate-timing.sh).
 */
final class ValidationCases {
  /** One comparison: the measured figure, ours, and the unit. */
  record Case(String id, String what, String source, double measured, double simulated, String unit) {
    double ratio() {
      return simulated / measured;
    }
  }

  private ValidationCases() {}

  static List<Case> all() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(kernel64());
    cases.addAll(dmaBoundElementwise());
    cases.add(wholeArray("phoenix", 4, 4, 6.76, "Taka et al. 2512.13282: XDNA int8 GEMM"));
    cases.add(wholeArray("strix", 8, 4, 38.05, "Taka et al. 2512.13282: XDNA2 int8 GEMM"));
    cases.add(wholeArray("ve2802", 38, 8, 165.0, "GAMA 2504.09688: VE2802 int8 GEMM"));
    cases.addAll(smallTiles());
    return cases;
  }

  /** 1. One 64x64x64 matmul kernel call on one core; measured on int16 (mlir-aie section-4c). */
  static List<Case> kernel64() {
    TileRef core = TileRef.core(0, 0);
    TimingConstants int8 = TimingConstants.of(TargetLoader.load("phoenix"));
    // the int16 kernel: 4x4x8 mmul, one VMAC a cycle = 128 MACs/cycle (the source's 2048-cycle ideal)
    TimingConstants int16 = int8.withMmul(128, 4, 4, 8, 16);
    long cycles16 = new KernelCycles(int16, 8, 8, true).cycles(ProgramBuilder.gemmCall(core, 64, 64, 64, false, true));
    long cycles8 = new KernelCycles(int8, 8, 8, true).cycles(ProgramBuilder.gemmCall(core, 64, 64, 64, false, true));
    return List.of(
        new Case("1", "64x64x64 matmul kernel, int16 (4x4x8 mmul), one core", "mlir-aie section-4c trace", 2535,
            cycles16, "cycles"),
        new Case("1b", "the same kernel in INT8 (4x8x8 mmul) on phoenix: ideal 1024", "no measurement", Double.NaN,
            cycles8, "cycles"));
  }

  /** 2. vector_scalar_mul on 1024 int16 (2048 bytes) per chunk: DMA-bound (mlir-aie section-4c). */
  static List<Case> dmaBoundElementwise() {
    Aie2Target t = TargetLoader.load("phoenix");
    TileRef core = TileRef.core(0, 0);
    int chunks = 16;
    Program p = new ProgramBuilder(t).layer("scale", "Mul")
        .lock("in.empty", LockDef.Scope.CORE, 2).lock("in.full", LockDef.Scope.CORE, 0)
        .lock("out.empty", LockDef.Scope.CORE, 2).lock("out.full", LockDef.Scope.CORE, 0)
        .instr(InstructionKind.LOADFM, Group.BODY, chunks).acquire("in.empty", 1, LockOp.When.EACH)
        .release("in.full", 1, LockOp.When.EACH).transfer(ProgramBuilder.loadFm(0, List.of(core), 2048)).done()
        .instr(InstructionKind.COMP, Group.BODY, chunks).acquire("in.full", 1, LockOp.When.EACH)
        .acquire("out.empty", 1, LockOp.When.EACH).release("in.empty", 1, LockOp.When.EACH)
        .release("out.full", 1, LockOp.When.EACH)
        .compute(ProgramBuilder.elementwise(core, KernelKind.COPY, 1, 32, 64)).done()
        .instr(InstructionKind.WRITEFM, Group.BODY, chunks).acquire("out.full", 1, LockOp.When.EACH)
        .release("out.empty", 1, LockOp.When.EACH).transfer(ProgramBuilder.writeFm(core, 2048)).done()
        .done().build();
    long[] writeEnds = new long[chunks];
    Simulator.simulate(p, new TimingModel.Detailed(), TimingConstants.of(t), new StepListener() {
      @Override
      public void stepFinished(LayerProgram layer, Instruction in, int entry, int iteration, long s, long e) {
        if (in.kind() == InstructionKind.WRITEFM) {
          writeEnds[iteration] = e;
        }
      }
    });
    double period = (double) (writeEnds[chunks - 1] - writeEnds[0]) / (chunks - 1);
    long kernel = new KernelCycles(TimingConstants.of(t), 8, 8, true)
        .cycles(ProgramBuilder.elementwise(core, KernelKind.COPY, 1, 32, 64));
    return List.of(
        new Case("2a", "vector_scalar_mul 2048 B chunk: DMA time per chunk (steady state)", "mlir-aie section-4c",
            512, period, "cycles"),
        new Case("2b", "vector_scalar_mul 2048 B chunk: kernel (store-bound, 2 cycles per 512 bits)",
            "mlir-aie section-4c", 72, kernel, "cycles"));
  }

  /**
   * 3. Whole-array INT8 GEMM as a weight-stationary 1x1 conv: per column 512 pixels in tiles of 32, per core row
   * 128 output channels in 2 passes of 64, K = 256 (B chunk 16 KB, A tile 8 KB). TOPS = 2 x MACs / time.
   */
  static Case wholeArray(String preset, int columns, int rows, double measuredTops, String source) {
    Aie2Target t = TargetLoader.load(preset);
    Program p = GemmPrograms.weightStationary(t, columns, rows, 32, 64, 256, 512, 128);
    SimulationResult r = Simulator.simulate(p, new TimingModel.Detailed());
    long macs = 512L * columns * 128L * rows * 256;
    double tops = 2.0 * macs / (r.totalCycles() / t.clockHz()) / 1e12;
    String shape = (512 * columns) + "x" + (128 * rows) + "x256";
    return new Case("3-" + preset, "whole-array INT8 GEMM " + shape + " on " + preset + " (" + columns * rows
        + " cores, peak " + fmt(2 * t.peakMacsPerSecond() / 1e12) + " TOPS)", source, measuredTops, tops, "TOPS");
  }

  /**
   * 4. 512^3 with 32^3 tiles on NPU2 (strix): one core against 32 (mlir-aie issue #2704: 3223 us and 3687 us).
   */
  static List<Case> smallTiles() {
    Aie2Target t = TargetLoader.load("strix");
    double one = micros(t, GemmPrograms.outputStationary(t, 1, 1, 512, 512, 512, 32, 32, 32));
    double all = micros(t, GemmPrograms.outputStationary(t, 8, 4, 512, 512, 512, 32, 32, 32));
    return List.of(
        new Case("4a", "512^3, 32^3 tiles, 1 core (strix)", "mlir-aie #2704", 3223, one, "us"),
        new Case("4b", "512^3, 32^3 tiles, 32 cores (strix)", "mlir-aie #2704", 3687, all, "us"),
        new Case("4c", "32 cores / 1 core time", "mlir-aie #2704", 3687.0 / 3223.0, all / one, "ratio"));
  }

  private static double micros(Aie2Target t, Program p) {
    return Simulator.simulate(p, new TimingModel.Detailed()).totalCycles() / t.clockHz() * 1e6;
  }

  static String markdown(List<Case> cases) {
    StringBuilder b = new StringBuilder();
    b.append("| # | case | source | measured | bsc (detailed) | unit | bsc / measured |\n");
    b.append("|---|---|---|---:|---:|---|---:|\n");
    for (Case c : cases) {
      b.append("| ").append(c.id()).append(" | ").append(c.what()).append(" | ").append(c.source()).append(" | ")
          .append(Double.isNaN(c.measured()) ? "-" : fmt(c.measured())).append(" | ").append(fmt(c.simulated()))
          .append(" | ").append(c.unit()).append(" | ")
          .append(Double.isNaN(c.measured()) ? "-" : String.format(Locale.ROOT, "%.2f", c.ratio())).append(" |\n");
    }
    return b.toString();
  }

  private static String fmt(double v) {
    return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  public static void main(String[] args) {
    System.out.print(markdown(all()));
  }
}
