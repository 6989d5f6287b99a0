package bsc.aie2.program;

/** The core kernels the emitter writes (kernels/*.cc); each call names one of them. */
public enum KernelKind {
  /** Conv (FC as 1x1) over compacted 8x8 blocks: walks only the nonzero block columns of each block row. */
  CONV_BSR,
  /** Depthwise conv (one input channel per group), dense, on the vector unit. */
  DEPTHWISE,
  MAX_POOL,
  AVG_POOL,
  GLOBAL_AVG_POOL,
  /** Element-wise add of two INT8 tiles with power-of-two rescaling and optional ReLU. */
  ADD,
  /** Byte copy (Concat inputs that cannot be written in place). */
  COPY
}
