package bsc.aie2.program;

/**
 * How the program was compiled. {@code compaction} false is the paper's dense baseline (zero blocks moved and
 * computed). {@code timingOnly}: weights.bin holds no real INT8 values (compiled from FP32 shapes and masks),
 * so the program is good for timing simulation only.
 */
public record CompileSettings(
    String block,
    double sparsity,
    boolean compaction,
    boolean excludeClassifier,
    boolean timingOnly,
    long weightsFileBytes) {}
