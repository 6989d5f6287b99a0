package bsc.ir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds a {@link Graph} from a {@link Graph.Builder}: checks names, orders nodes topologically, and
 * infers every value's type with the op schemas, propagating the values of small integer shape
 * computations so that Reshape targets computed by Shape/Gather/Concat chains are exact.
 */
final class ShapeInference {
  /** Largest tensor whose value is propagated at compile time (shape vectors, small constants). */
  static final long MAX_FOLD_ELEMENTS = 4096;

  private ShapeInference() {}

  static Graph build(Graph.Builder b) {
    Map<String, TensorType> types = new HashMap<>();
    Set<String> defined = new HashSet<>();
    for (Value v : b.inputs) {
      define(defined, v.name(), "graph input");
      types.put(v.name(), v.type());
    }
    for (Map.Entry<String, Tensor> e : b.initializers.entrySet()) {
      define(defined, e.getKey(), "initializer");
      types.put(e.getKey(), e.getValue().type());
    }
    List<Node> sorted = topologicalOrder(b.nodes, defined);
    Map<String, Tensor> folded = new HashMap<>();
    for (Node n : sorted) {
      inferNode(n, types, folded, b.initializers);
    }
    for (String o : b.outputs) {
      if (!types.containsKey(o)) {
        throw new BscException("graph output " + o, "no node, input or initializer defines it");
      }
    }
    return new Graph(b, types, folded, sorted);
  }

  private static void define(Set<String> defined, String name, String what) {
    if (name.isEmpty()) {
      throw new BscException(what, "empty value name");
    }
    if (!defined.add(name)) {
      throw new BscException(what + " " + name, "value is defined twice");
    }
  }

  /** Kahn's algorithm, keeping the given order wherever dependencies allow (stable, deterministic). */
  private static List<Node> topologicalOrder(List<Node> nodes, Set<String> defined) {
    Map<String, Integer> producerIndex = new HashMap<>();
    Set<String> nodeNames = new HashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (!nodeNames.add(n.name())) {
        throw new BscException("node " + n.name(), "two nodes have this name");
      }
      for (String o : n.outputs()) {
        if (o.isEmpty()) {
          continue;
        }
        if (defined.contains(o) || producerIndex.putIfAbsent(o, i) != null) {
          throw new BscException("node " + n.name(), "output " + o + " is defined twice");
        }
      }
    }
    int[] pending = new int[nodes.size()];
    List<List<Integer>> users = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      users.add(new ArrayList<>());
    }
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      for (String in : n.inputs()) {
        if (in.isEmpty() || defined.contains(in)) {
          continue;
        }
        Integer p = producerIndex.get(in);
        if (p == null) {
          throw new BscException("node " + n.name(), "input " + in + " is not defined by any node, input or initializer");
        }
        pending[i]++;
        users.get(p).add(i);
      }
    }
    java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (pending[i] == 0) {
        ready.add(i);
      }
    }
    List<Node> out = new ArrayList<>(nodes.size());
    while (!ready.isEmpty()) {
      int i = ready.poll();
      out.add(nodes.get(i));
      for (int u : users.get(i)) {
        if (--pending[u] == 0) {
          ready.add(u);
        }
      }
    }
    if (out.size() != nodes.size()) {
      for (int i = 0; i < nodes.size(); i++) {
        if (pending[i] > 0) {
          throw new BscException("node " + nodes.get(i).name(), "the graph has a cycle through this node");
        }
      }
    }
    return out;
  }

  private static void inferNode(
      Node n, Map<String, TensorType> types, Map<String, Tensor> folded, Map<String, Tensor> inits) {
    OpSchema s = n.op().schema();
    InferenceContext ctx = context(n, types::get, v -> {
      Tensor t = inits.get(v);
      return t != null ? t : folded.get(v);
    });
    int nin = n.inputs().size();
    if (nin < s.minInputs() || nin > s.maxInputs()) {
      throw ctx.fail("takes " + range(s.minInputs(), s.maxInputs()) + " inputs, has " + nin);
    }
    int nout = n.outputs().size();
    if (nout < s.minOutputs() || nout > s.maxOutputs()) {
      throw ctx.fail("takes " + range(s.minOutputs(), s.maxOutputs()) + " outputs, has " + nout);
    }
    List<TensorType> out;
    try {
      out = s.infer(ctx);
    } catch (ArithmeticException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw ctx.fail("invalid shapes or attributes (" + e.getMessage() + ")");
    }
    for (int i = 0; i < nout; i++) {
      String o = n.outputs().get(i);
      if (o.isEmpty()) {
        continue;
      }
      TensorType t = i < out.size() ? out.get(i) : null;
      if (t == null) {
        throw ctx.fail("output " + i + " has no type");
      }
      long elements = t.shape().elementsOrMinusOne();
      if (t.shape().isKnown() && (elements < 0 || elements > Shape.MAX_ELEMENTS)) {
        throw ctx.fail("output " + o + " of shape " + t.shape() + " exceeds the limit of "
            + Shape.MAX_ELEMENTS + " elements");
      }
      types.put(o, t);
    }
    foldIfSmall(n, s, ctx, folded, out);
  }

  private static void foldIfSmall(
      Node n, OpSchema s, InferenceContext ctx, Map<String, Tensor> folded, List<TensorType> out) {
    for (TensorType t : out) {
      if (t == null || !t.shape().isKnown() || t.shape().elements() > MAX_FOLD_ELEMENTS) {
        return;
      }
    }
    List<Tensor> values = s.fold(ctx);
    if (values == null) {
      return;
    }
    for (int i = 0; i < values.size() && i < n.outputs().size(); i++) {
      if (values.get(i) != null && !n.outputs().get(i).isEmpty()) {
        folded.put(n.outputs().get(i), values.get(i));
      }
    }
  }

  private static String range(int lo, int hi) {
    if (lo == hi) {
      return Integer.toString(lo);
    }
    return hi == Integer.MAX_VALUE ? "at least " + lo : lo + " to " + hi;
  }

  static InferenceContext context(
      Node n, Function<String, TensorType> types, Function<String, Tensor> values) {
    List<TensorType> in = new ArrayList<>();
    List<Tensor> vals = new ArrayList<>();
    for (String v : n.inputs()) {
      in.add(v.isEmpty() ? null : types.apply(v));
      Tensor t = v.isEmpty() ? null : values.apply(v);
      vals.add(t != null && t.elements() <= MAX_FOLD_ELEMENTS ? t : null);
    }
    return new InferenceContext(n, in, vals);
  }

}
