package bsc.sparsify.train;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * What an {@link OpLowering} sees while one forward pass (training or inference) is lowered: the node's
 * inputs as SameDiff values, the graph's constants as trainable variables or fixed constants, and layout
 * conversions. Variables are shared between the two passes, so both read the same weights.
 */
final class LoweringContext {
  /** Training: BatchNormalization normalizes with batch statistics. Inference: with running statistics. */
  enum Mode {
    TRAIN,
    EVAL
  }

  private final TrainingGraph.Builder target;
  private final Graph graph;
  private final Mode mode;
  private final Map<String, SdValue> values = new HashMap<>();
  private Node current;

  LoweringContext(TrainingGraph.Builder target, Graph graph, Mode mode) {
    this.target = target;
    this.graph = graph;
    this.mode = mode;
  }

  SameDiff sd() {
    return target.sd();
  }

  Graph graph() {
    return graph;
  }

  Mode mode() {
    return mode;
  }

  void define(String valueName, SdValue v) {
    values.put(valueName, v);
  }

  SdValue value(String valueName) {
    return values.get(valueName);
  }

  void enter(Node n) {
    current = n;
  }

  /** Input {@code i} of the current node as a lowered activation. */
  SdValue in(int i) {
    String name = current.input(i);
    SdValue v = values.get(name);
    if (v != null) {
      return v;
    }
    if (graph.isInitializer(name)) {
      return SdValue.nchw(constant(name));
    }
    throw fail("input " + i + " ('" + name + "') is not available");
  }

  /** The constant input {@code i} of the current node as a trainable variable (weights, BN scale and bias). */
  SDVariable variable(int i) {
    return target.variable(requireConstant(i));
  }

  /** A conv weight as the forward pass uses it: W * Gamma when the layer is masked, else W. */
  SDVariable maskedWeight(int i) {
    String name = requireConstant(i);
    return target.maskedWeight(name, variable(i));
  }

  /** A graph constant that training never changes except by explicit assignment (BN running statistics). */
  SDVariable constant(String initializer) {
    return target.constant(initializer);
  }

  String requireConstant(int i) {
    String name = current.input(i);
    if (!graph.isInitializer(name)) {
      throw fail("input " + i + " ('" + name + "') must be a constant to be trained");
    }
    return name;
  }

  Tensor initializer(int i) {
    return graph.initializer(requireConstant(i));
  }

  /** Records that the current BatchNormalization's batch mean and variance update its running statistics. */
  void batchStatistics(SDVariable mean, SDVariable var, long count) {
    if (mode == Mode.TRAIN) {
      target.batchStatistics(current, mean, var, count);
    }
  }

  /** {@code v} as an NHWC array (a permute when it is stored NCHW); 4-D values only. */
  SDVariable nhwc(SdValue v) {
    return v.channelsLast() ? v.var() : v.var().permute(0, 2, 3, 1);
  }

  /** {@code v} in the IR's NCHW layout (a permute when it is stored channels-last). */
  SDVariable nchw(SdValue v) {
    return v.channelsLast() ? v.var().permute(0, 3, 1, 2) : v.var();
  }

  /** The IR rank of the current node's input {@code i}. */
  int rank(int i) {
    return graph.type(current.input(i)).rank();
  }

  /** Fails unless input {@code i} is a 4-D (N, C, H, W) activation. */
  void requireImage(int i) {
    if (rank(i) != 4) {
      throw fail("only 4-D (N, C, H, W) inputs are supported for training, got rank " + rank(i));
    }
  }

  BscException fail(String what) {
    return new BscException("node " + current.name() + " (" + current.op().onnxName() + ")", what);
  }
}
