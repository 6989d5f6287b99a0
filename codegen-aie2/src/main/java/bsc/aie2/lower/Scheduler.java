package bsc.aie2.lower;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a canonical graph (BN folded, activations fused into convs, FC as 1x1 conv where possible) into
 * layers in graph order. Add + Relu and Gemm + Relu fuse; Flatten before a fully connected layer
 * disappears (the FC reads the feature map as a conv whose kernel covers it); with
 * {@code excludeClassifier} the trailing classifier (Flatten, FC layers, their activations, Softmax) is
 * left to the host, as in the paper's estimates (paper-facts.md 2.3).
 */
final class Scheduler {
  private final Graph g;
  private final LayerFactory factory;
  private final Map<String, Dims> tensors = new LinkedHashMap<>();
  private final List<Layer> layers = new ArrayList<>();
  private final Set<String> fusedAway = new HashSet<>();

  private Scheduler(Graph g, WeightSource weights) {
    this.g = g;
    this.factory = new LayerFactory(g, weights, tensors);
  }

  static Schedule schedule(Graph g, WeightSource weights, boolean excludeClassifier) {
    return new Scheduler(g, weights).run(excludeClassifier);
  }

  private Schedule run(boolean excludeClassifier) {
    if (g.inputs().size() != 1) {
      throw new BscException("model " + g.name(), "the AIE2 target needs exactly one graph input, found "
          + g.inputs().size());
    }
    String input = g.inputs().get(0).name();
    tensors.put(input, dimsOf(input));
    Set<Node> excluded = excludeClassifier ? Classifier.trailing(g) : Set.of();
    List<String> excludedNames = new ArrayList<>();
    for (Node n : g.nodes()) {
      if (excluded.contains(n)) {
        excludedNames.add(n.name());
      } else if (!fusedAway.contains(n.name())) {
        schedule(n);
      }
    }
    List<String> outputs = excludeClassifier ? Classifier.boundary(g, excluded) : graphOutputs();
    for (String o : outputs) {
      if (!tensors.containsKey(o)) {
        throw new BscException("model " + g.name(), "output " + o + " is not computed on the array");
      }
    }
    return new Schedule(g.name(), layers, tensors, input, outputs, excludedNames);
  }

  private List<String> graphOutputs() {
    List<String> out = new ArrayList<>();
    for (var v : g.outputs()) {
      out.add(v.name());
    }
    return out;
  }

  private void schedule(Node n) {
    String where = "node " + n.name();
    switch (n.op()) {
      case CONV -> add(factory.conv(n, layers.size(), fusedActivation(n)));
      case GEMM, MAT_MUL -> add(factory.fullyConnected(n, layers.size(), fusedActivation(n)));
      case MAX_POOL, AVERAGE_POOL -> add(factory.pool(n, layers.size()));
      case GLOBAL_AVERAGE_POOL -> add(factory.globalPool(n, layers.size()));
      case ADD -> add(factory.add(n, layers.size(), fusedActivation(n)));
      case CONCAT -> add(factory.concat(n, layers.size()));
      case RELU, CLIP, LEAKY_RELU -> add(factory.copy(n, layers.size()));
      case FLATTEN, RESHAPE -> flatten(n);
      default -> throw new BscException(where, "op " + n.op().onnxName() + " is not supported on the AIE2 target");
    }
  }

  private void add(Layer l) {
    layers.add(l);
    tensors.put(l.output(), l.out());
  }

  /** The activation node that alone consumes {@code n}'s output (Add/Gemm + Relu fuse), marked as fused. */
  private Node fusedActivation(Node n) {
    if (n.op() == OpType.CONV) {
      return null;
    }
    List<Node> consumers = g.consumers(n.output());
    if (consumers.size() != 1 || g.isGraphOutput(n.output())) {
      return null;
    }
    Node c = consumers.get(0);
    if (c.op() != OpType.RELU) {
      return null;
    }
    fusedAway.add(c.name());
    return c;
  }

  /** Flatten/Reshape: a no-op on a 1x1 feature map; before an FC it is folded into the FC's kernel. */
  private void flatten(Node n) {
    Dims in = tensors.get(n.input(0));
    if (in != null && in.h() == 1 && in.w() == 1) {
      add(factory.alias(n, layers.size(), in));
      return;
    }
    for (Node c : g.consumers(n.output())) {
      if (c.op() != OpType.GEMM && c.op() != OpType.MAT_MUL) {
        throw new BscException("node " + n.name(), "a " + n.op().onnxName() + " of a " + in
            + " feature map is supported only before a fully connected layer");
      }
    }
  }

  private Dims dimsOf(String value) {
    return dimsOf(g, value);
  }

  static Dims dimsOf(Graph g, String value) {
    Shape s = g.type(value).shape();
    if (!s.isKnown()) {
      throw new BscException("value " + value, "shape " + s + " is not fully known");
    }
    if (s.rank() > 0 && s.dim(0) != 1) {
      throw new BscException("value " + value, "batch " + s.dim(0) + " is not supported on the AIE2 target (batch 1)");
    }
    return switch (s.rank()) {
      case 4 -> new Dims(Math.toIntExact(s.dim(2)), Math.toIntExact(s.dim(3)), Math.toIntExact(s.dim(1)));
      case 2 -> new Dims(1, 1, Math.toIntExact(s.dim(1)));
      default -> throw new BscException("value " + value, "rank-" + s.rank() + " activations are not supported"
          + " on the AIE2 target (NCHW or N x features)");
    };
  }
}
