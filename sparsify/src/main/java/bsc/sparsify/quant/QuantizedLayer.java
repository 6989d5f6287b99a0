package bsc.sparsify.quant;

import bsc.ir.OpType;
import bsc.ir.Shape;

/**
 * The integer parameters of one Conv or fully connected layer (Gemm, MatMul: a 1x1 conv on [N, C]).
 *
 * <p>{@code weights} are int8 in the conv layout [Cout][Cin/group][kernel...] (fully connected: [out][in],
 * transposed from the model's layout when needed, with Gemm's alpha folded in); {@code weightFix} holds one
 * fix position per tensor or per output channel. For output channel o, with x at fix {@code inputFix}:
 * <pre>
 *   acc[o] = bias[o] + sum_k w[o][k] * x[k]                 (exact; |acc| < 2^31 by construction)
 *   y[o]   = clamp(saturate(shiftRound(acc[o], shift[o])), clampMin, clampMax)   at fix outputFix
 * </pre>
 * with {@code bias[o]} at fix {@code inputFix + weightFix(o)} and {@code shift[o] = inputFix + weightFix(o)
 * - outputFix}. {@code clampMin}/{@code clampMax} are the fused activation (ReLU: 0/127; Clip: its bounds
 * quantized at outputFix; none: -128/127). Arrays are copied in and out.
 */
public record QuantizedLayer(
    String node, OpType op, int inputFix, int outputFix, Shape weightShape, byte[] weights, int[] weightFix,
    int[] bias, int[] shift, int clampMin, int clampMax) {

  public QuantizedLayer {
    weights = weights.clone();
    weightFix = weightFix.clone();
    bias = bias.clone();
    shift = shift.clone();
    int cout = (int) weightShape.dim(0);
    if (weights.length != weightShape.elements() || bias.length != cout || shift.length != cout
        || (weightFix.length != 1 && weightFix.length != cout)) {
      throw new IllegalArgumentException("inconsistent parameters for layer " + node);
    }
  }

  @Override
  public byte[] weights() {
    return weights.clone();
  }

  @Override
  public int[] weightFix() {
    return weightFix.clone();
  }

  @Override
  public int[] bias() {
    return bias.clone();
  }

  @Override
  public int[] shift() {
    return shift.clone();
  }

  public int outChannels() {
    return (int) weightShape.dim(0);
  }

  /** Weights per output channel: Cin/group x kernel taps. */
  public int weightsPerChannel() {
    return weights.length / outChannels();
  }

  public boolean perChannel() {
    return weightFix.length > 1;
  }

  public int weightFix(int outChannel) {
    return weightFix[perChannel() ? outChannel : 0];
  }

  public int shift(int outChannel) {
    return shift[outChannel];
  }

  public int bias(int outChannel) {
    return bias[outChannel];
  }

  /** Weight {@code i} in the [Cout][Cin/group][taps] order. */
  public byte weight(int i) {
    return weights[i];
  }
}
