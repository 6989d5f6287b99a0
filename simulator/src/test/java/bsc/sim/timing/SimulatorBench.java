package bsc.sim.timing;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.aie2.program.Program;
import java.util.Locale;

/** Steps per second of the event engine on a large hand-built program (a GEMM with many iterations). */
final class SimulatorBench {
  private SimulatorBench() {}

  public static void main(String[] args) {
    for (String array : new String[] {"4x4", "8x8"}) {
      Aie2Target t = TargetLoader.load(array);
      Program p = GemmPrograms.weightStationary(t, t.columns(), t.rows(), 32, 64, 256, 32 * 256, 64 * 4);
      long steps = 0;
      for (var l : p.layers()) {
        for (var in : l.instructions()) {
          steps += (long) in.iterations() * (in.transfers().size() + in.computes().size());
        }
      }
      for (int i = 0; i < 5; i++) {
        Simulator.simulate(p, new TimingModel.Detailed());
      }
      int runs = 10;
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        Simulator.simulate(p, new TimingModel.Detailed());
      }
      double ms = (System.nanoTime() - t0) / 1e6 / runs;
      System.out.printf(Locale.ROOT, "%s: %d steps in %.1f ms = %.1f M steps/s%n", array, steps, ms,
          steps / ms / 1e3);
    }
  }
}
