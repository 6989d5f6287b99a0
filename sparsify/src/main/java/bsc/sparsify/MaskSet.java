package bsc.sparsify;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The masks of a model's prunable layers (by node name, graph order) and the digest of their weights. */
public record MaskSet(BlockShape block, Criterion criterion, Map<String, LayerMask> layers, String weightsSha256) {
  public MaskSet {
    layers = Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layers));
  }

  public List<LayerMask> list() {
    return List.copyOf(layers.values());
  }

  public LayerMask get(String node) {
    return layers.get(node);
  }

  /** Zero blocks over all eligible layers divided by their blocks. */
  public double eligibleRatio() {
    long zero = 0;
    long total = 0;
    for (LayerMask m : layers.values()) {
      if (m.eligible()) {
        zero += m.mask().zeroBlocks();
        total += m.mask().blocks();
      }
    }
    return total == 0 ? 0 : (double) zero / total;
  }
}
