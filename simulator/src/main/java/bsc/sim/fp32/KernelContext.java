package bsc.sim.fp32;

import bsc.ir.BscException;
import bsc.ir.Node;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a kernel sees of one node's execution: its input arrays and where its outputs go. */
final class KernelContext {
  private final Node node;
  private final ValueStore values;
  private final BufferPool pool;
  private final Map<String, INDArray> prepared;
  private final java.util.Set<String> weights;
  private final java.util.List<String> dying;
  private final Map<String, DnnlConv> primitives;

  KernelContext(Node node, ValueStore values, BufferPool pool, Map<String, INDArray> prepared, java.util.Set<String> weights,
      java.util.List<String> dying, Map<String, DnnlConv> primitives) {
    this.node = node;
    this.primitives = primitives;
    this.values = values;
    this.pool = pool;
    this.prepared = prepared;
    this.weights = weights;
    this.dying = dying;
  }

  /**
   * Whether the kernel may write its result over input {@code i}: the value dies after this node, no
   * other live value shares its buffer, and it is not a weight or a caller's input.
   */
  boolean canOverwrite(int i) {
    String name = node.input(i);
    if (!has(i) || !dying.contains(name) || node.inputs().indexOf(name) != node.inputs().lastIndexOf(name)) {
      return false;
    }
    return values.isSoleOwner(name);
  }

  /**
   * Input {@code i} transformed by {@code prepare} (a weight re-laid out for a kernel). For a weight the
   * result is made once and kept for every later run; for a computed input it is made each time and the
   * caller owns it ({@link #isPrepared} tells which).
   */
  INDArray prepared(int i, String kind, java.util.function.UnaryOperator<INDArray> prepare) {
    String key = node.input(i) + "#" + kind;
    INDArray p = prepared.get(key);
    if (p == null) {
      p = prepare.apply(in(i));
      if (weights.contains(node.input(i))) {
        prepared.put(key, p);
      }
    }
    return p;
  }

  /**
   * A constant of this node that depends only on its shapes and attributes (a pooling divisor map),
   * made on the first run and kept by the executor for later ones.
   */
  INDArray nodeConstant(String kind, java.util.function.Supplier<INDArray> make) {
    return prepared.computeIfAbsent(node.output() + "#" + kind, k -> make.get());
  }

  /** Whether input {@code i} is a weight of the graph (the same array in every run). */
  boolean isConstant(int i) {
    return has(i) && weights.contains(node.input(i));
  }

  /**
   * This node's oneDNN primitive for inputs of shape {@code shapeKey}, made on first use and kept by the
   * executor until it is closed.
   */
  DnnlConv primitive(String shapeKey, java.util.function.Supplier<DnnlConv> make) {
    return primitives.computeIfAbsent(node.output() + "#" + shapeKey, k -> make.get());
  }

  /** Whether {@link #prepared} keeps what it returned for input {@code i} (so it must not be freed). */
  boolean isPrepared(int i, String kind) {
    return prepared.containsKey(node.input(i) + "#" + kind);
  }

  /** A new C-ordered array for a result (contents undefined), on a recycled buffer when one fits. */
  INDArray allocate(org.nd4j.linalg.api.buffer.DataType type, long... shape) {
    return pool.array(type, shape);
  }

  /** Gives a temporary from {@link #allocate} back for reuse; the caller must not touch it again. */
  void release(INDArray temporary) {
    pool.recycle(temporary.data());
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
