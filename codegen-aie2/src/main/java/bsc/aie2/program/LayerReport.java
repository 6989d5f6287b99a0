package bsc.aie2.program;

/**
 * What the compile report shows per layer: the split and why, the sub-volume shapes (weights
 * [Cout, kh, kw, Cin], input and output tiles [H, W, C] of one core iteration), iterations, residency,
 * weight bytes dense vs compacted (INT8 values + chunk headers), and the nonzero-block balance across
 * core rows (max / mean; 1.0 is perfect).
 */
public record LayerReport(
    String split,
    String reason,
    int columnsUsed,
    int coresUsed,
    java.util.List<Integer> weightSubvolume,
    java.util.List<Integer> inputSubvolume,
    java.util.List<Integer> outputSubvolume,
    int iterations,
    int passes,
    String residency,
    long macs,
    long denseMacs,
    long weightBytesDense,
    long weightBytesCompacted,
    int nonzeroBlocks,
    int totalBlocks,
    int paddingBlocks,
    double blockImbalance) {}
