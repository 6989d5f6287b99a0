package bsc.models;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Graphs are immutable, so the test classes share one default-seed build of each model (VGG-16 is 550 MB). */
final class TestModels {
  private static final Map<String, Graph> DEFAULT_SEED = new ConcurrentHashMap<>();

  private TestModels() {}

  static Graph get(String name) {
    return DEFAULT_SEED.computeIfAbsent(name, BuiltinModels::build);
  }

  static Shape shapeOf(Graph g, String value) {
    return g.type(value).shape();
  }

  static List<Node> nodesOf(Graph g, OpType op) {
    List<Node> r = new ArrayList<>();
    for (Node n : g.nodes()) {
      if (n.op() == op) {
        r.add(n);
      }
    }
    return r;
  }
}
