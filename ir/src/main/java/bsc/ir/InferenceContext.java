package bsc.ir;

import java.util.List;

/** What an {@link OpSchema} sees of one node during shape inference: attributes, input types and values. */
public final class InferenceContext {
  private final Node node;
  private final List<TensorType> inputTypes;
  private final List<Tensor> inputValues;

  public InferenceContext(Node node, List<TensorType> inputTypes, List<Tensor> inputValues) {
    this.node = node;
    this.inputTypes = inputTypes;
    this.inputValues = inputValues;
  }

  public Node node() {
    return node;
  }

  public Attributes attrs() {
    return node.attrs();
  }

  public int inputCount() {
    return inputTypes.size();
  }

  public boolean hasInput(int i) {
    return i < inputTypes.size() && inputTypes.get(i) != null;
  }

  /** Type of input {@code i}; fails when it is absent. */
  public TensorType input(int i) {
    if (!hasInput(i)) {
      throw fail("input " + i + " is required");
    }
    return inputTypes.get(i);
  }

  public Shape shape(int i) {
    return input(i).shape();
  }

  /** Known value of input {@code i} (an initializer or a folded shape computation), or null. */
  public Tensor value(int i) {
    return i < inputValues.size() ? inputValues.get(i) : null;
  }

  /** Known value of input {@code i} as longs, or null when unknown or absent. */
  public long[] longs(int i) {
    Tensor t = value(i);
    return t == null ? null : t.toLongs();
  }

  /** A failure located at this node. */
  public BscException fail(String what) {
    return new BscException("node " + node.name() + " (" + node.op().onnxName() + ")", what);
  }
}
