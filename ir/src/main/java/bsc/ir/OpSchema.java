package bsc.ir;

import java.util.List;

/**
 * What an operator knows about itself: how many inputs and outputs it takes, the types of its outputs
 * given its inputs, its multiply-accumulate count, and, for the small integer ops of shape computations,
 * how to evaluate it at compile time. One small class per operator (package {@code bsc.ir.ops}).
 */
public interface OpSchema {
  /** Inclusive bounds on the number of inputs (absent optional inputs count when followed by present ones). */
  int minInputs();

  int maxInputs();

  default int minOutputs() {
    return 1;
  }

  default int maxOutputs() {
    return 1;
  }

  /** Output types; throws {@link BscException} (via {@code ctx.fail}) on an ill-typed node. */
  List<TensorType> infer(InferenceContext ctx);

  /** Multiply-accumulates performed for batch size as typed; 0 for ops that do none. */
  default long macs(InferenceContext ctx, List<TensorType> outputs) {
    return 0;
  }

  /**
   * Evaluates the node when all inputs have known values (small integer shape tensors); returns null when
   * the op does not fold or the values are not small.
   */
  default List<Tensor> fold(InferenceContext ctx) {
    return null;
  }
}
