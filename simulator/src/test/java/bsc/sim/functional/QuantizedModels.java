package bsc.sim.functional;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.fp32.Fp32Activations;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Built-in models canonicalized, pruned (8x8 blocks, the paper's settings) and quantized on seeded images,
 * built once per JVM and shared by the functional tests, with their compiled programs.
 */
final class QuantizedModels {
  private static final Map<String, QuantizedModel> MODELS = new HashMap<>();

  private QuantizedModels() {}

  /** {@code model} at {@code sparsity} (0: dense, unpruned), calibrated on 2 seeded N(0, 1) images. */
  static synchronized QuantizedModel of(String model, double sparsity) {
    return MODELS.computeIfAbsent(model + "@" + sparsity, k -> {
      Graph g = PassManager.canonical().run(BuiltinModels.build(model));
      if (sparsity > 0) {
        g = Pruner.prune(g, PruneOptions.paper(sparsity)).graph();
      }
      return Quantizer.quantize(g, CalibrationInputs.seededNormal(g, 2, 1), new Fp32Activations(),
          QuantOptions.defaults());
    });
  }

  /** Compiled with compaction (zero blocks skipped) and the classifier on the array. */
  static CompiledProgram compile(QuantizedModel m, String array, double sparsity) {
    return Aie2Compiler.compile(m, TargetLoader.load(array), new LowerOptions(true, false, sparsity, "8x8"));
  }

  /** A seeded N(0, 1) image, not one of the calibration images. */
  static Map<String, Tensor> input(QuantizedModel m, long seed) {
    return CalibrationInputs.seededNormal(m.graph(), 1, seed).samples().get(0);
  }
}
