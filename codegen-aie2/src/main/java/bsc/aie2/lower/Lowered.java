package bsc.aie2.lower;

import bsc.aie2.program.Program;
import java.util.List;

/**
 * A lowered network: the program plus what the weight writer needs to produce weights.bin (each layer's
 * plan, chunk sizes, layout and DDR offset inside the weights region).
 */
public record Lowered(Program program, List<LayerWeights> weights) {
  public Lowered {
    weights = List.copyOf(weights);
  }

  /** One weighted layer's chunks: where they start in weights.bin and how they are cut. */
  record LayerWeights(Layer layer, CorePlan plan, ChunkSizes sizes, WeightLayout layout, long offset) {}

  public long weightBytes() {
    long n = 0;
    for (LayerWeights w : weights) {
      n += w.layout().totalBytes();
    }
    return n;
  }
}
