package bsc.tests.bench;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.fp32.Fp32Activations;
import bsc.sim.functional.FunctionalResult;
import bsc.sim.functional.FunctionalSimulator;
import bsc.sim.int8.Int8Executor;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * docs/BENCHMARKS.md "Functional simulation": warm functional simulation of a model (dense and 50% 8x8 sparse,
 * classifier on the array) on the given arrays, beside the INT8 executor on one thread in the same run: median
 * wall and thread CPU time of {@code runs} runs after {@code warmups}.
 *   java ... bsc.tests.bench.FunctionalBench [model] [arrays] [warmups] [runs]
 */
public final class FunctionalBench {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private FunctionalBench() {}

  public static void main(String[] args) {
    String model = args.length > 0 ? args[0] : "resnet50";
    String[] arrays = (args.length > 1 ? args[1] : "4x4").split(",");
    int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    System.out.println("| model | sparsity | array | steps | functional wall s | functional CPU s"
        + " | INT8 executor (1 thread) CPU s | ratio |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|---:|");
    for (double s : new double[] {0, 0.5}) {
      Graph g = PassManager.canonical().run(BuiltinModels.build(model));
      if (s > 0) {
        g = Pruner.prune(g, PruneOptions.paper(s)).graph();
      }
      QuantizedModel q = Quantizer.quantize(g, CalibrationInputs.seededNormal(g, 2, 1), new Fp32Activations(),
          QuantOptions.defaults());
      Map<String, Tensor> input = CalibrationInputs.seededNormal(g, 1, 7).samples().get(0);
      Map<String, byte[]>[] expected = new Map[1];
      double[] ref;
      try (Int8Executor e = new Int8Executor(q, Int8Executor.Options.defaults().withThreads(1))) {
        ref = time(() -> expected[0] = e.runAllValues(input), warmups, runs);
      }
      for (String array : arrays) {
        CompiledProgram c = Aie2Compiler.compile(q, TargetLoader.load(array), new LowerOptions(true, false, s, "8x8"));
        byte[] weights = c.weights();
        FunctionalResult[] r = new FunctionalResult[1];
        double[] sim = time(() -> r[0] = FunctionalSimulator.compare(c.program(), weights, expected[0]), warmups, runs);
        if (!r[0].matches()) {
          throw new IllegalStateException(r[0].summary());
        }
        System.out.printf(Locale.ROOT, "| %s | %.1f | %s | %d | %.2f | %.2f | %.2f | %.1f |%n", model, s, array,
            r[0].steps(), sim[0], sim[1], ref[1], sim[1] / ref[1]);
      }
    }
  }

  /** Median wall and thread CPU seconds. */
  static double[] time(Runnable r, int warmups, int runs) {
    for (int i = 0; i < warmups; i++) {
      r.run();
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long w = System.nanoTime();
      long c = CPU.getCurrentThreadCpuTime();
      r.run();
      cpu[i] = (CPU.getCurrentThreadCpuTime() - c) / 1e9;
      wall[i] = (System.nanoTime() - w) / 1e9;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[] {wall[runs / 2], cpu[runs / 2]};
  }
}
