package bsc.ir;

import java.util.List;

/**
 * One operation of a graph. Inputs and outputs are value names; an empty input name marks an absent
 * optional input (as in ONNX). Types live in the owning {@link Graph}.
 */
public record Node(String name, OpType op, List<String> inputs, List<String> outputs, Attributes attrs) {
  public Node {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    if (attrs == null) {
      attrs = Attributes.empty();
    }
  }

  public static Node of(String name, OpType op, List<String> inputs, List<String> outputs) {
    return new Node(name, op, inputs, outputs, Attributes.empty());
  }

  /** Input {@code i}, or "" when absent. */
  public String input(int i) {
    return i < inputs.size() ? inputs.get(i) : "";
  }

  public boolean hasInput(int i) {
    return !input(i).isEmpty();
  }

  public String output() {
    return outputs.get(0);
  }

  public Node withAttrs(Attributes a) {
    return new Node(name, op, inputs, outputs, a);
  }

  public Node withInputs(List<String> in) {
    return new Node(name, op, in, outputs, attrs);
  }

  public Node withOutputs(List<String> out) {
    return new Node(name, op, inputs, out, attrs);
  }
}
