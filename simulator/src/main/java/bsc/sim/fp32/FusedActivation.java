package bsc.sim.fp32;

import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** bsc's fused conv activation ({@code activation} = relu | clip | leaky_relu), applied in place. */
final class FusedActivation {
  private FusedActivation() {}

  static void apply(Node node, INDArray y) {
    String act = node.attrs().getString("activation", null);
    if (act == null) {
      return;
    }
    switch (act) {
      case "relu" -> Transforms.relu(y, false);
      case "leaky_relu" -> Transforms.leakyRelu(y, node.attrs().getFloat("activation_alpha", 0.01f), false);
      case "clip" -> {
        Transforms.max(y, node.attrs().getFloat("activation_min", 0), false);
        Transforms.min(y, node.attrs().getFloat("activation_max", 6), false);
      }
      default -> throw new bsc.ir.BscException("node " + node.name(), "unknown fused activation '" + act + "'");
    }
  }
}
