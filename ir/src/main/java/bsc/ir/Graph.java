package bsc.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable, fully typed dataflow graph: inputs, outputs, constant initializers and nodes in
 * topological order. Every value has a {@link TensorType} (shape inference runs when a graph is built);
 * small integer values that shape computations produce are known too ({@link #knownValue}).
 *
 * <p>Graphs are changed by {@link #toBuilder()}, editing, and {@link Builder#build()}.
 */
public final class Graph {
  private final String name;
  private final int opset;
  private final Map<String, String> metadata;
  private final List<Value> inputs;
  private final List<Value> outputs;
  private final Map<String, Tensor> initializers;
  private final List<Node> nodes;
  private final Map<String, TensorType> types;
  private final Map<String, Tensor> folded;
  private Map<String, Node> producers;
  private Map<String, List<Node>> consumers;
  private java.util.Set<String> buffers;

  Graph(Builder b, Map<String, TensorType> types, Map<String, Tensor> folded, List<Node> sorted) {
    this.name = b.name;
    this.opset = b.opset;
    this.metadata = Collections.unmodifiableMap(new TreeMap<>(b.metadata));
    this.inputs = List.copyOf(b.inputs);
    List<Value> outs = new ArrayList<>();
    for (String o : b.outputs) {
      outs.add(new Value(o, types.get(o)));
    }
    this.outputs = List.copyOf(outs);
    this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(b.initializers));
    this.nodes = List.copyOf(sorted);
    this.types = Collections.unmodifiableMap(types);
    this.folded = Collections.unmodifiableMap(folded);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** The ONNX default-domain opset the graph's nodes follow (import canonicalizes to the newest forms). */
  public int opset() {
    return opset;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public List<Value> inputs() {
    return inputs;
  }

  public List<Value> outputs() {
    return outputs;
  }

  public Map<String, Tensor> initializers() {
    return initializers;
  }

  public Tensor initializer(String valueName) {
    return initializers.get(valueName);
  }

  public boolean isInitializer(String valueName) {
    return initializers.containsKey(valueName);
  }

  public List<Node> nodes() {
    return nodes;
  }

  /** Type of any value: graph input, initializer or node output; null when there is no such value. */
  public TensorType type(String valueName) {
    return types.get(valueName);
  }

  /** The constant value of {@code valueName}: an initializer or a folded shape computation; else null. */
  public Tensor knownValue(String valueName) {
    Tensor t = initializers.get(valueName);
    return t != null ? t : folded.get(valueName);
  }

  /** The node producing {@code valueName}, or null for graph inputs and initializers. */
  public Node producer(String valueName) {
    if (producers == null) {
      Map<String, Node> p = new HashMap<>();
      for (Node n : nodes) {
        for (String o : n.outputs()) {
          p.put(o, n);
        }
      }
      producers = p;
    }
    return producers.get(valueName);
  }

  /** Nodes that read {@code valueName}, in graph order. */
  public List<Node> consumers(String valueName) {
    if (consumers == null) {
      Map<String, List<Node>> c = new HashMap<>();
      for (Node n : nodes) {
        for (String in : n.inputs()) {
          if (!in.isEmpty()) {
            List<Node> l = c.computeIfAbsent(in, k -> new ArrayList<>());
            if (l.isEmpty() || l.get(l.size() - 1) != n) {
              l.add(n);
            }
          }
        }
      }
      consumers = c;
    }
    return consumers.getOrDefault(valueName, List.of());
  }

  public boolean isGraphOutput(String valueName) {
    for (Value v : outputs) {
      if (v.name().equals(valueName)) {
        return true;
      }
    }
    return false;
  }

  public Node node(String nodeName) {
    for (Node n : nodes) {
      if (n.name().equals(nodeName)) {
        return n;
      }
    }
    return null;
  }

  /** Multiply-accumulates of one node, from its schema and the inferred types. */
  public long macs(Node n) {
    List<TensorType> out = new ArrayList<>();
    for (String o : n.outputs()) {
      out.add(types.get(o));
    }
    return n.op().schema().macs(ShapeInference.context(n, types::get, this::knownValue), out);
  }

  public long totalMacs() {
    long total = 0;
    for (Node n : nodes) {
      total += macs(n);
    }
    return total;
  }

  /**
   * Learned parameters as frameworks count them: the elements of every initializer that
   * {@link #isParameter} accepts.
   */
  public long parameterCount() {
    long count = 0;
    for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
      if (isParameter(e.getKey())) {
        count += e.getValue().elements();
      }
    }
    return count;
  }

  /**
   * Whether {@code valueName} is a learned parameter: a floating-point initializer, except
   * BatchNormalization running statistics (buffers, not parameters), Clip bounds (ReLU6's 0 and 6 are
   * constants of the activation, not weights) and shape constants.
   */
  public boolean isParameter(String valueName) {
    Tensor t = initializers.get(valueName);
    if (t == null || !t.dtype().isFloat()) {
      return false;
    }
    if (buffers == null) {
      java.util.Set<String> b = new java.util.HashSet<>();
      for (Node n : nodes) {
        if (n.op() == OpType.BATCH_NORMALIZATION) {
          b.add(n.input(3));
          b.add(n.input(4));
        } else if (n.op() == OpType.CLIP) {
          b.add(n.input(1));
          b.add(n.input(2));
        }
      }
      buffers = b;
    }
    return !buffers.contains(valueName);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.opset = opset;
    b.metadata.putAll(metadata);
    b.inputs.addAll(inputs);
    for (Value v : outputs) {
      b.outputs.add(v.name());
    }
    b.initializers.putAll(initializers);
    b.nodes.addAll(nodes);
    return b;
  }

  /** A mutable graph under construction; {@link #build()} sorts, checks and types it. */
  public static final class Builder {
    String name;
    int opset = 17;
    final Map<String, String> metadata = new LinkedHashMap<>();
    final List<Value> inputs = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();
    final Map<String, Tensor> initializers = new LinkedHashMap<>();
    final List<Node> nodes = new ArrayList<>();
    private int counter;

    Builder(String name) {
      this.name = name;
    }

    public Builder name(String n) {
      this.name = n;
      return this;
    }

    public Builder opset(int version) {
      this.opset = version;
      return this;
    }

    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    public Builder addInput(String valueName, TensorType type) {
      inputs.add(new Value(valueName, type));
      return this;
    }

    public Builder setInputs(List<Value> values) {
      inputs.clear();
      inputs.addAll(values);
      return this;
    }

    public Builder addOutput(String valueName) {
      outputs.add(valueName);
      return this;
    }

    public List<String> outputs() {
      return outputs;
    }

    public Builder addInitializer(String valueName, Tensor t) {
      initializers.put(valueName, t);
      return this;
    }

    public Builder removeInitializer(String valueName) {
      initializers.remove(valueName);
      return this;
    }

    public Tensor initializer(String valueName) {
      return initializers.get(valueName);
    }

    public Map<String, Tensor> initializers() {
      return initializers;
    }

    public Builder addNode(Node n) {
      nodes.add(n);
      return this;
    }

    /** Adds a single-output node whose output is named after the node; returns the output name. */
    public String add(OpType op, String nodeName, Attributes attrs, String... inputNames) {
      nodes.add(new Node(nodeName, op, List.of(inputNames), List.of(nodeName), attrs));
      return nodeName;
    }

    /** The nodes, editable in place (order need not be topological until {@link #build()}). */
    public List<Node> nodes() {
      return nodes;
    }

    /** A value or node name not used yet, starting with {@code prefix}. */
    public String freshName(String prefix) {
      java.util.Set<String> used = new java.util.HashSet<>(initializers.keySet());
      for (Value v : inputs) {
        used.add(v.name());
      }
      for (Node n : nodes) {
        used.add(n.name());
        used.addAll(n.outputs());
      }
      String candidate;
      do {
        candidate = prefix + "_" + counter++;
      } while (used.contains(candidate));
      return candidate;
    }

    /** Makes every reader of {@code from} (nodes and graph outputs) read {@code to} instead. */
    public Builder replaceAllUses(String from, String to) {
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        if (n.inputs().contains(from)) {
          List<String> in = new ArrayList<>(n.inputs());
          in.replaceAll(s -> s.equals(from) ? to : s);
          nodes.set(i, n.withInputs(in));
        }
      }
      outputs.replaceAll(s -> s.equals(from) ? to : s);
      return this;
    }

    public Graph build() {
      return ShapeInference.build(this);
    }
  }
}
