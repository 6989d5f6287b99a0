package bsc.sim.int8;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** For each node, the value slots that die after it runs: intermediates whose last reader it is. */
final class Lifetimes {
  private Lifetimes() {}

  static List<int[]> deaths(Graph g, Map<String, Integer> ids) {
    Set<String> keep = new HashSet<>();
    for (Value v : g.outputs()) {
      keep.add(v.name());
    }
    Map<String, Integer> last = new LinkedHashMap<>();
    List<Node> nodes = g.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      last.put(nodes.get(i).output(), i);
      for (String in : nodes.get(i).inputs()) {
        if (ids.containsKey(in)) {
          last.put(in, i);
        }
      }
    }
    List<List<Integer>> perNode = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      perNode.add(new ArrayList<>());
    }
    for (Map.Entry<String, Integer> e : last.entrySet()) {
      if (!keep.contains(e.getKey())) {
        perNode.get(e.getValue()).add(ids.get(e.getKey()));
      }
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> l : perNode) {
      out.add(l.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }
}
