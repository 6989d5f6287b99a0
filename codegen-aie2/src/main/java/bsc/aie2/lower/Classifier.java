package bsc.aie2.lower;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The trailing classifier of a CNN: walking back from the graph outputs, Flatten/Reshape, fully connected
 * layers (Gemm, MatMul, or a Conv on a 1x1 feature map), their activations and Softmax. The paper's
 * estimates exclude it (paper-facts.md 2.3: VGG16 "(No FC)", no inner products in the logs).
 */
final class Classifier {
  private Classifier() {}

  static Set<Node> trailing(Graph g) {
    Set<Node> out = new LinkedHashSet<>();
    List<String> frontier = new ArrayList<>();
    for (var v : g.outputs()) {
      frontier.add(v.name());
    }
    while (!frontier.isEmpty()) {
      String value = frontier.remove(frontier.size() - 1);
      Node p = g.producer(value);
      if (p == null || out.contains(p) || !isClassifierNode(g, p)) {
        continue;
      }
      out.add(p);
      frontier.add(p.input(0));
    }
    return out;
  }

  /** The values that feed the excluded nodes from the rest of the graph: the new outputs. */
  static List<String> boundary(Graph g, Set<Node> excluded) {
    Set<String> out = new LinkedHashSet<>();
    for (Node n : excluded) {
      String in = n.input(0);
      Node p = g.producer(in);
      if (p == null || !excluded.contains(p)) {
        out.add(in);
      }
    }
    for (var v : g.outputs()) {
      Node p = g.producer(v.name());
      if (p != null && !excluded.contains(p)) {
        out.add(v.name());
      }
    }
    return new ArrayList<>(out);
  }

  private static boolean isClassifierNode(Graph g, Node n) {
    return switch (n.op()) {
      case FLATTEN, RESHAPE, GEMM, MAT_MUL, RELU, CLIP, SOFTMAX, DROPOUT, IDENTITY -> true;
      case CONV -> {
        var s = g.type(n.input(0)).shape();
        yield s.rank() == 4 && s.dim(2) == 1 && s.dim(3) == 1;
      }
      default -> false;
    };
  }
}
