package bsc.sim.fp32;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.sparsify.quant.ActivationSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The FP32 executor as the quantizer's activation source: runs the calibration graph (whose outputs are
 * all the values observed) and returns every output as floats. One runner per graph, reused across samples;
 * closing frees the last one's native state.
 */
public final class Fp32Activations implements ActivationSource, AutoCloseable {
  private final int threads;
  private Graph graph;
  private Fp32Runner runner;

  public Fp32Activations() {
    this(Nd4jRuntime.DEFAULT_THREADS);
  }

  public Fp32Activations(int threads) {
    this.threads = threads;
  }

  @Override
  public Map<String, float[]> run(Graph g, Map<String, Tensor> inputs) {
    if (g != graph) {
      close();
      graph = g;
      runner = new Fp32Runner(g, threads);
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : runner.run(inputs).entrySet()) {
      out.put(e.getKey(), e.getValue().toFloats());
    }
    return out;
  }

  @Override
  public void close() {
    if (runner != null) {
      runner.close();
      runner = null;
      graph = null;
    }
  }
}
