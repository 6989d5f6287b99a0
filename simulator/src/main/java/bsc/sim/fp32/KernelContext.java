package bsc.sim.fp32;

import bsc.ir.BscException;
import bsc.ir.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a kernel sees of one node's execution: its input arrays and where its outputs go. */
final class KernelContext {
  private final Node node;
  private final ValueStore values;

  KernelContext(Node node, ValueStore values) {
    this.node = node;
    this.values = values;
  }

  Node node() {
    return node;
  }

  boolean has(int i) {
    return node.hasInput(i);
  }

  int inputCount() {
    return node.inputs().size();
  }

  INDArray in(int i) {
    if (!has(i)) {
      throw fail("input " + i + " is required");
    }
    return values.get(node.input(i));
  }

  /** Input {@code i} as integers (shape vectors, axes, pads), or null when absent. */
  long[] longs(int i) {
    return has(i) ? NdArrays.longs(in(i), where()) : null;
  }

  /** Scalar input {@code i} as a double, or {@code absent} when the optional input is missing. */
  double scalar(int i, double absent) {
    if (!has(i)) {
      return absent;
    }
    INDArray a = in(i);
    if (a.length() != 1) {
      throw fail("input " + i + " must be a scalar, got shape " + java.util.Arrays.toString(a.shape()));
    }
    return a.getDouble(0);
  }

  boolean wantsOutput(int i) {
    return i < node.outputs().size() && !node.outputs().get(i).isEmpty();
  }

  void out(int i, INDArray value) {
    if (wantsOutput(i)) {
      values.put(node.outputs().get(i), value);
    }
  }

  void out(INDArray value) {
    out(0, value);
  }

  String where() {
    return "node " + node.name() + " (" + node.op().onnxName() + ")";
  }

  BscException fail(String what) {
    return new BscException(where(), what);
  }
}
