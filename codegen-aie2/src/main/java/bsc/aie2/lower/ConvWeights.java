package bsc.aie2.lower;

import bsc.sparsify.BlockMask;

/**
 * A layer's weights seen as Cout x Cin x taps (conv layout [Cout][Cin][kh][kw]; FC as a conv) with its
 * block mask. {@code int8} holds quantized weights in the same order, or null when compiling for timing
 * only from FP32 shapes and masks; then {@code bias}, {@code shift} are null too.
 */
record ConvWeights(int outChannels, int inChannels, int taps, BlockMask mask, int blockRows, int blockCols,
    byte[] int8, int[] bias, int[] shift) {

  boolean timingOnly() {
    return int8 == null;
  }

  byte weight(int o, int i, int tap) {
    return int8 == null ? 0 : int8[(o * inChannels + i) * taps + tap];
  }
}
