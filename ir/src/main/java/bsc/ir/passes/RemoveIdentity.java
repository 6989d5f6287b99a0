package bsc.ir.passes;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Tensor;

/**
 * Removes Identity nodes and inference-mode Dropout nodes, which copy their input. Exporters leave them
 * behind (torch emits Identity for aliased parameters and Dropout for {@code nn.Dropout} in eval mode);
 * removing them lets the producer and the real consumer meet, so later passes can fuse across the gap.
 *
 * <p>A Dropout stays when its mask output is read or it may run in training mode (a {@code training_mode}
 * input that is not a constant false). Graph output names never change (see {@link GraphEdits#bypass}).
 */
public final class RemoveIdentity implements Pass {
  @Override
  public String name() {
    return "remove-identity";
  }

  @Override
  public Graph run(Graph g) {
    Graph.Builder b = g.toBuilder();
    boolean changed = false;
    for (Node n : g.nodes()) {
      if (isCopy(g, n)) {
        changed |= GraphEdits.bypass(b, n.name());
      }
    }
    return changed ? b.build() : g;
  }

  private static boolean isCopy(Graph g, Node n) {
    if (n.op() == OpType.IDENTITY) {
      return true;
    }
    if (n.op() != OpType.DROPOUT) {
      return false;
    }
    if (n.outputs().size() > 1) {
      String mask = n.outputs().get(1);
      if (!mask.isEmpty() && (g.isGraphOutput(mask) || !g.consumers(mask).isEmpty())) {
        return false;
      }
    }
    if (!n.hasInput(2)) {
      return true;
    }
    Tensor training = g.knownValue(n.input(2));
    return training != null && training.elements() == 1 && training.getLong(0) == 0;
  }
}
