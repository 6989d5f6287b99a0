package bsc.sparsify.quant;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import java.util.Map;

/**
 * Runs a float graph and hands back its outputs: how calibration observes FP32 activations without
 * depending on an executor. The simulator's FP32 executor implements it for real models; tests use
 * hand-written sources.
 */
@FunctionalInterface
public interface ActivationSource {
  /**
   * Every output of {@code graph} for {@code inputs} (tensors by graph input name, possibly batches),
   * flattened in row-major order, by output name. The calibrator passes a graph whose outputs are all the
   * values it observes.
   */
  Map<String, float[]> run(Graph graph, Map<String, Tensor> inputs);
}
