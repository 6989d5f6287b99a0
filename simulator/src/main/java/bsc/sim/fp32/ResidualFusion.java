package bsc.sim.fp32;

import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor's node list with each residual {@code Add(Conv(x), r)} (and a Relu that alone reads the sum)
 * folded into the conv: the conv gets {@code r} as a fourth input, which {@link PrimitiveConv} accumulates
 * into with oneDNN's sum post-op, followed by the ReLU as an eltwise post-op. This saves the Add's and the
 * Relu's passes over the activations (ResNet-50 has 16 of each). Applies only to convs the primitive
 * takes, whose output nothing but the Add reads; the folded conv runs where the Add ran, when both its
 * inputs exist. The graph itself is left as it is.
 */
final class ResidualFusion {
  private ResidualFusion() {}

  static List<Node> plan(Graph g) {
    List<Node> nodes = new ArrayList<>(g.nodes());
    for (Node add : g.nodes()) {
      if (add.op() != OpType.ADD || add.inputs().size() != 2 || add.input(0).equals(add.input(1))
          || !sameFloat4d(g, add.input(0), add.input(1), add.output())) {
        continue;
      }
      for (int side = 0; side < 2; side++) {
        Node conv = g.producer(add.input(side));
        if (conv == null || !fusable(g, conv, add)) {
          continue;
        }
        Node relu = soleReader(g, add.output());
        boolean withRelu = relu != null && relu.op() == OpType.RELU;
        String out = withRelu ? relu.output() : add.output();
        Node fused = conv.withInputs(List.of(conv.input(0), conv.input(1), conv.hasInput(2) ? conv.input(2) : "",
            add.input(1 - side))).withOutputs(List.of(out));
        if (withRelu) {
          fused = fused.withAttrs(fused.attrs().with("activation", "relu"));
          nodes.remove(relu);
        }
        nodes.set(nodes.indexOf(add), fused);
        nodes.remove(conv);
        break;
      }
    }
    return nodes;
  }

  private static boolean fusable(Graph g, Node conv, Node add) {
    return conv.op() == OpType.CONV && !conv.attrs().has("activation") && soleReader(g, conv.output()) == add
        && conv.inputs().size() <= 3 && g.isInitializer(conv.input(1)) && g.type(conv.input(1)).shape().rank() == 4
        && g.type(conv.input(1)).dtype() == DataType.FLOAT
        && (!conv.hasInput(2) || g.isInitializer(conv.input(2)) && g.type(conv.input(2)).dtype() == DataType.FLOAT);
  }

  /** The only node reading {@code value}, or null when it is a graph output or has no or several readers. */
  private static Node soleReader(Graph g, String value) {
    List<Node> readers = g.consumers(value);
    return readers.size() == 1 && !g.isGraphOutput(value) ? readers.get(0) : null;
  }

  private static boolean sameFloat4d(Graph g, String a, String b, String out) {
    TensorType ta = g.type(a);
    TensorType tb = g.type(b);
    return ta != null && tb != null && ta.equals(tb) && ta.equals(g.type(out)) && ta.dtype() == DataType.FLOAT
        && ta.shape().rank() == 4 && ta.shape().isKnown();
  }
}
