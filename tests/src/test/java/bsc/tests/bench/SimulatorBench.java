package bsc.tests.bench;

import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.lower.Lowering;
import bsc.aie2.lower.WeightSource;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * docs/BENCHMARKS.md "Simulator": warm timing simulation of resnet50 (50% sparse, paper settings) on the seven
 * paper arrays, per timing model, with the program's size (instructions, entries, steps), so the cost per
 * instruction shows. Median wall and CPU time of {@code runs} simulations after {@code warmups}.
 *   java ... bsc.tests.bench.SimulatorBench [model] [warmups] [runs]
 */
public final class SimulatorBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private SimulatorBench() {}

  public static void main(String[] args) {
    String model = args.length > 0 ? args[0] : "resnet50";
    int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Graph pruned = Pruner.prune(PassManager.canonical().run(BuiltinModels.build(model)), PruneOptions.paper(0.5))
        .graph();
    System.out.println("| array | instructions | entries | steps | detailed wall ms | detailed CPU ms"
        + " | CPU us per instruction | paper wall ms | paper CPU ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String array : TargetLoader.PAPER_ARRAYS) {
      Program p = Lowering.lower(pruned, TargetLoader.load(array), LowerOptions.paper(0.5),
          WeightSource.timingOnly()).program();
      long[] size = size(p);
      double[] detailed = time(p, new TimingModel.Detailed(), warmups, runs);
      double[] paper = time(p, new TimingModel.Paper(), warmups, runs);
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n", array, size[0],
          size[1], size[2], detailed[0], detailed[1], detailed[1] * 1e3 / size[0], paper[0], paper[1]);
    }
  }

  /** Instructions, entries (transfers and computes) and steps (entries x iterations). */
  static long[] size(Program p) {
    long[] n = new long[3];
    for (LayerProgram l : p.layers()) {
      for (Instruction in : l.instructions()) {
        int entries = in.transfers().size() + in.computes().size();
        n[0]++;
        n[1] += entries;
        n[2] += (long) entries * in.iterations();
      }
    }
    return n;
  }

  /** Median wall and CPU milliseconds of one simulation. */
  static double[] time(Program p, TimingModel m, int warmups, int runs) {
    for (int i = 0; i < warmups; i++) {
      Simulator.simulate(p, m);
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long w = System.nanoTime();
      long c = CPU.getCurrentThreadCpuTime();
      Simulator.simulate(p, m);
      cpu[i] = (CPU.getCurrentThreadCpuTime() - c) / 1e6;
      wall[i] = (System.nanoTime() - w) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[] {wall[runs / 2], cpu[runs / 2]};
  }
}
