package bsc.ir.passes;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import java.util.ArrayList;
import java.util.List;

/**
 * Queries and builder edits that several passes share. Edits address nodes by name because a
 * {@link Graph.Builder}'s nodes are replaced (not mutated) when their inputs are rewired.
 */
final class GraphEdits {
  private GraphEdits() {}

  /**
   * The only node that reads {@code value}, or null when the value is a graph output or has no reader or
   * several: a producer may only absorb its consumer when nothing else sees the intermediate value.
   */
  static Node soleConsumer(Graph g, String value) {
    List<Node> readers = g.consumers(value);
    return readers.size() == 1 && !g.isGraphOutput(value) ? readers.get(0) : null;
  }

  /** The producer of {@code value} in {@code g} if it has op type {@code op}, else null. */
  static Node producerOf(Graph g, String value, OpType op) {
    Node p = g.producer(value);
    return p != null && p.op() == op ? p : null;
  }

  static int indexOf(Graph.Builder b, String nodeName) {
    List<Node> nodes = b.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name().equals(nodeName)) {
        return i;
      }
    }
    throw new IllegalStateException("no node " + nodeName + " in the builder");
  }

  static Node node(Graph.Builder b, String nodeName) {
    return b.nodes().get(indexOf(b, nodeName));
  }

  static void replace(Graph.Builder b, String nodeName, Node replacement) {
    b.nodes().set(indexOf(b, nodeName), replacement);
  }

  static void remove(Graph.Builder b, String nodeName) {
    b.nodes().remove(indexOf(b, nodeName));
  }

  /**
   * Removes a node whose first output is a copy of its first input, rewiring readers of the output to
   * the input. Graph output names never change: when the output is a graph output, the input's producer
   * is renamed to produce it instead; when that is impossible (the input is a graph input, an
   * initializer or itself a graph output) the node stays and this returns false.
   */
  static boolean bypass(Graph.Builder b, String nodeName) {
    Node n = node(b, nodeName);
    String in = n.input(0);
    String out = n.output();
    if (!b.outputs().contains(out)) {
      remove(b, nodeName);
      b.replaceAllUses(out, in);
      return true;
    }
    Node producer = producerIn(b, in);
    if (producer == null || b.outputs().contains(in)) {
      return false;
    }
    remove(b, nodeName);
    List<String> outs = new ArrayList<>(producer.outputs());
    outs.replaceAll(o -> o.equals(in) ? out : o);
    replace(b, producer.name(), producer.withOutputs(outs));
    b.replaceAllUses(in, out);
    return true;
  }

  /**
   * {@code base} itself when no value or node of {@code g} or {@code b} has that name yet, else a fresh
   * variant of it: readable names in printed IR for the common case.
   */
  static String newName(Graph g, Graph.Builder b, String base) {
    boolean used = g.type(base) != null || g.node(base) != null || b.initializer(base) != null;
    for (Node n : b.nodes()) {
      used |= n.name().equals(base) || n.outputs().contains(base);
    }
    return used ? b.freshName(base) : base;
  }

  private static Node producerIn(Graph.Builder b, String value) {
    for (Node n : b.nodes()) {
      if (n.outputs().contains(value)) {
        return n;
      }
    }
    return null;
  }
}
