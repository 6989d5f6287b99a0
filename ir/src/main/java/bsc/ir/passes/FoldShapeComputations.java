package bsc.ir.passes;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;

/**
 * Replaces nodes whose every output is a known constant by initializers, and removes Reshape and Flatten
 * nodes that leave the shape unchanged.
 *
 * <p>Torch exports {@code x.view(x.size(0), -1)} as a Shape, Gather, Unsqueeze, Concat chain computing
 * the Reshape target at run time. Shape inference already evaluates such chains ({@link Graph#knownValue}),
 * because every shape in the IR is static; turning them into initializers leaves the Reshape with a
 * constant target, and the dead chain to {@link DeadCodeElimination}. Graph outputs are never turned into
 * initializers, so their producers (and names) stay.
 */
public final class FoldShapeComputations implements Pass {
  @Override
  public String name() {
    return "fold-shape-computations";
  }

  @Override
  public Graph run(Graph g) {
    Graph.Builder b = g.toBuilder();
    boolean changed = false;
    for (Node n : g.nodes()) {
      if (isConstant(g, n)) {
        GraphEdits.remove(b, n.name());
        for (String o : n.outputs()) {
          if (!o.isEmpty()) {
            b.addInitializer(o, g.knownValue(o));
          }
        }
        changed = true;
      } else if (keepsShape(g, n)) {
        changed |= GraphEdits.bypass(b, n.name());
      }
    }
    return changed ? b.build() : g;
  }

  private static boolean isConstant(Graph g, Node n) {
    for (String o : n.outputs()) {
      if (!o.isEmpty() && (g.knownValue(o) == null || g.isGraphOutput(o))) {
        return false;
      }
    }
    return true;
  }

  private static boolean keepsShape(Graph g, Node n) {
    if (n.op() != OpType.RESHAPE && n.op() != OpType.FLATTEN) {
      return false;
    }
    Shape in = g.type(n.input(0)).shape();
    return in.isKnown() && in.equals(g.type(n.output()).shape());
  }
}
