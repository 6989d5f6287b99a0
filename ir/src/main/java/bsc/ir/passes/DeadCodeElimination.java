package bsc.ir.passes;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes nodes none of whose outputs reach a graph output, and initializers no remaining node reads.
 * The other passes leave such leftovers on purpose (a folded shape chain, the weights a fold replaced,
 * a Flatten a rewrite bypassed) so that each stays one local rewrite; this pass collects them.
 * Graph inputs are part of the model's interface and always stay.
 */
public final class DeadCodeElimination implements Pass {
  @Override
  public String name() {
    return "dead-code-elimination";
  }

  @Override
  public Graph run(Graph g) {
    Set<String> live = new HashSet<>();
    for (Value v : g.outputs()) {
      live.add(v.name());
    }
    Set<String> kept = new HashSet<>();
    List<Node> nodes = g.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      if (n.outputs().stream().anyMatch(live::contains)) {
        kept.add(n.name());
        live.addAll(n.inputs());
      }
    }
    List<String> deadInitializers = new ArrayList<>();
    for (String name : g.initializers().keySet()) {
      if (!live.contains(name)) {
        deadInitializers.add(name);
      }
    }
    if (kept.size() == nodes.size() && deadInitializers.isEmpty()) {
      return g;
    }
    Graph.Builder b = g.toBuilder();
    b.nodes().removeIf(n -> !kept.contains(n.name()));
    deadInitializers.forEach(b::removeInitializer);
    return b.build();
  }
}
