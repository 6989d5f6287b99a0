package bsc.sim.int8;

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
import java.util.Map;

/** Built-in models canonicalized, optionally pruned, and quantized on seeded calibration data. */
final class BuiltinInt8 {
  private BuiltinInt8() {}

  static Graph canonical(String name, double sparsity) {
    Graph g = PassManager.canonical().run(BuiltinModels.build(name));
    return sparsity > 0 ? Pruner.prune(g, PruneOptions.paper(sparsity)).graph() : g;
  }

  /** Calibrated on {@code samples} seeded N(0, 1) images (seed 1). */
  static QuantizedModel quantize(Graph g, int samples, QuantOptions o) {
    return Quantizer.quantize(g, CalibrationInputs.seededNormal(g, samples, 1), new Fp32Activations(), o);
  }

  /** A seeded N(0, 1) input, distinct from the calibration samples. */
  static Map<String, Tensor> input(Graph g, long seed) {
    return CalibrationInputs.seededNormal(g, 1, seed).samples().get(0);
  }
}
