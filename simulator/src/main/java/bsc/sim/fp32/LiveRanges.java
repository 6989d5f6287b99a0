package bsc.sim.fp32;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** When each intermediate value dies: right after the last node that reads it runs. */
final class LiveRanges {
  private LiveRanges() {}

  /**
   * For node i, the values to free after it runs: node outputs (never graph inputs, initializers or
   * graph outputs) whose last reader is node i, and outputs nobody reads (freed as soon as made);
   * {@code nodes} are {@code g}'s nodes as the executor runs them.
   */
  static List<List<String>> deaths(Graph g, List<Node> nodes) {
    Set<String> keep = new HashSet<>(g.initializers().keySet());
    for (Value v : g.inputs()) {
      keep.add(v.name());
    }
    for (Value v : g.outputs()) {
      keep.add(v.name());
    }
    Map<String, Integer> last = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      for (String o : nodes.get(i).outputs()) {
        if (!o.isEmpty()) {
          last.put(o, i);
        }
      }
      for (String in : nodes.get(i).inputs()) {
        if (!in.isEmpty()) {
          last.put(in, i);
        }
      }
    }
    List<List<String>> deaths = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      deaths.add(new ArrayList<>());
    }
    // Iterate in graph order (not over the map) so the free order is deterministic.
    Set<String> seen = new HashSet<>();
    for (Node n : nodes) {
      for (String v : n.outputs()) {
        if (!v.isEmpty() && !keep.contains(v) && seen.add(v)) {
          deaths.get(last.get(v)).add(v);
        }
      }
    }
    return deaths;
  }
}
