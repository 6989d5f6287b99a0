package bsc.ir.onnxio;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.util.List;

/**
 * Rewrites opset 1-6 arithmetic with {@code broadcast=1, axis=k} into NumPy broadcasting: B gains trailing
 * unit axes (by reshaping a constant B, or an Unsqueeze otherwise), and the legacy attributes go.
 */
final class LegacyBroadcast {
  private LegacyBroadcast() {}

  static Graph rewrite(Graph g) {
    boolean any = false;
    for (Node n : g.nodes()) {
      any |= isLegacy(n);
    }
    if (!any) {
      return g;
    }
    Graph.Builder b = g.toBuilder();
    List<Node> nodes = b.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (!isLegacy(n)) {
        continue;
      }
      Attributes plain = n.attrs().without("broadcast").without("axis");
      Shape a = g.type(n.input(0)).shape();
      Shape bs = g.type(n.input(1)).shape();
      long axis = n.attrs().getInt("axis", a.rank() - bs.rank());
      axis = axis < 0 ? axis + a.rank() : axis;
      int trailing = (int) (a.rank() - axis - bs.rank());
      if (n.attrs().getInt("broadcast", 0) == 0 || trailing <= 0) {
        nodes.set(i, n.withAttrs(plain));
        continue;
      }
      long[] dims = java.util.Arrays.copyOf(bs.toArray(), bs.rank() + trailing);
      java.util.Arrays.fill(dims, bs.rank(), dims.length, 1);
      String newB;
      Tensor constant = g.initializer(n.input(1));
      if (constant != null) {
        newB = b.freshName(n.input(1) + ".bcast");
        b.addInitializer(newB, Tensor.wrap(constant.dtype(), Shape.of(dims), constant.bytes()));
      } else {
        long[] axes = new long[trailing];
        for (int k = 0; k < trailing; k++) {
          axes[k] = bs.rank() + k;
        }
        String axesName = b.freshName(n.name() + ".axes");
        b.addInitializer(axesName, Tensor.scalarLongs(axes));
        newB = b.freshName(n.name() + ".bcast");
        nodes.add(i, new Node(newB, OpType.UNSQUEEZE, List.of(n.input(1), axesName), List.of(newB), Attributes.empty()));
        i++;
      }
      nodes.set(i, new Node(n.name(), n.op(), List.of(n.input(0), newB), n.outputs(), plain));
    }
    return b.build();
  }

  /** Arithmetic with the attribute (a stray {@code broadcast} on another op is no broadcast rule). */
  private static boolean isLegacy(Node n) {
    return switch (n.op()) {
      case ADD, SUB, MUL, DIV -> n.attrs().has("broadcast");
      default -> false;
    };
  }
}
