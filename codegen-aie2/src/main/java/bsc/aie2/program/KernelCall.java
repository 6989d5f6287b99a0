package bsc.aie2.program;

import java.util.List;

/**
 * One kernel invocation per iteration on one core. Tiles are HWC INT8 in core buffers. The input tile
 * holds inRows x inCols x inChannels (padding already zero-filled by the DMA); the output tile outRows x
 * outCols x outChannels. For CONV_BSR the weight chunk at {@code weightOffsetBytes} of the weight buffer
 * starts with its header (block rows, block-column indices, bias, shifts; docs/PROGRAM.md "Weight chunk").
 * {@code accumulate}: add the INT32 partial sums found in the output slot (CIN split) instead of starting
 * from the bias; {@code requantize}: requantize to INT8 and apply the activation, else leave INT32 partial sums.
 * {@code padTop..padRight}: window positions outside the input tile that the kernel itself treats as
 * padding (pools: max ignores them, average counts them only if {@code countIncludePad}); convs get their
 * zero padding from the DMA instead and have 0 here.
 * {@code clampMin}/{@code clampMax}: the INT8 bounds of the fused activation (ReLU 0/127, none -128/127).
 * {@code shifts}: power-of-two requantization shifts for kernels without a weight chunk (pools, add).
 */
public record KernelCall(
    String kernel,
    KernelKind kind,
    int outRows,
    int outCols,
    int outChannels,
    int inRows,
    int inCols,
    int inChannels,
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int dilationH,
    int dilationW,
    int padTop,
    int padLeft,
    int padBottom,
    int padRight,
    boolean countIncludePad,
    String input,
    int inputSlot0,
    String input2,
    int input2Slot0,
    String output,
    int outputSlot0,
    long weightOffsetBytes,
    long weightBytes,
    boolean accumulate,
    boolean requantize,
    String activation,
    int clampMin,
    int clampMax,
    List<Integer> shifts) {
  public KernelCall {
    shifts = shifts == null ? List.of() : List.copyOf(shifts);
  }
}
