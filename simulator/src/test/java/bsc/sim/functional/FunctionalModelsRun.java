package bsc.sim.functional;

import bsc.aie2.CompiledProgram;
import bsc.sim.int8.Int8Executor;
import bsc.sparsify.quant.QuantizedModel;
import java.util.Map;

/**
 * The functional check on the paper's models (run by scripts/validate-functional.sh, not by the test suite:
 * minutes, not seconds): each model dense and 50% 8x8 block-sparse, compiled for each array with the
 * classifier on the array, run on one seeded image; prints one markdown row per case and exits 1 on any
 * mismatch. Arguments: models (comma separated), arrays (comma separated).
 */
public final class FunctionalModelsRun {
  private FunctionalModelsRun() {}

  public static void main(String[] args) {
    String[] models = (args.length > 0 ? args[0] : "resnet50,inception_v3,vgg16").split(",");
    String[] arrays = (args.length > 1 ? args[1] : "4x4,3x3").split(",");
    System.out.println("| model | sparsity | array | layers checked | INT8 values checked | result | steps"
        + " | functional s | INT8 executor s |");
    System.out.println("|---|---:|---|---:|---:|---|---:|---:|---:|");
    boolean all = true;
    for (String model : models) {
      for (double s : new double[] {0, 0.5}) {
        QuantizedModel m = QuantizedModels.of(model, s);
        var input = QuantizedModels.input(m, 7);
        long t0 = System.nanoTime();
        Map<String, byte[]> expected;
        try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults())) {
          expected = e.runAllValues(input);
        }
        double ref = (System.nanoTime() - t0) / 1e9;
        for (String array : arrays) {
          CompiledProgram c = QuantizedModels.compile(m, array, s);
          byte[] weights = c.weights();
          long t1 = System.nanoTime();
          FunctionalResult r = FunctionalSimulator.compare(c.program(), weights, expected);
          double sim = (System.nanoTime() - t1) / 1e9;
          all &= r.matches();
          System.out.printf(java.util.Locale.ROOT, "| %s | %.1f | %s | %d | %d | %s | %d | %.1f | %.1f |%n", model, s,
              array, r.layersChecked(), r.elementsChecked(), r.matches() ? "match" : r.firstMismatch().describe(),
              r.steps(), sim, ref);
        }
      }
    }
    System.exit(all ? 0 : 1);
  }
}
