package bsc.models;

import bsc.ir.TensorType;
import java.util.Locale;

/**
 * What {@code bsc models} lists about a built-in model without building it (VGG-16 alone is 550 MB of
 * weights). {@code parameters} counts learned parameters as torchvision does (for the torchvision
 * models it is torchvision's own count); {@code macs} is the graph's Conv + Gemm multiply-accumulates at
 * batch 1. Tests check both against the built graph.
 */
public record ModelInfo(String name, TensorType input, long parameters, long macs, String description) {
  /** One listing line, e.g. {@code resnet50  1x3x224x224  25.56M params  4.09 GMAC  ResNet-50 ...}. */
  public String line() {
    return String.format(Locale.ROOT, "%-13s %-12s %7.2fM params %6.2f GMAC  %s",
        name, input.shape(), parameters / 1e6, macs / 1e9, description);
  }
}
