package bsc.aie2.program;

/**
 * A core's share of a COMP instruction, per iteration: the kernel call, the MACs it performs (zero blocks
 * skipped), the MACs a dense kernel would perform, and the nonzero 8x8 blocks it walks.
 */
public record Compute(TileRef core, KernelCall call, long macs, long denseMacs, int nonzeroBlocks) {}
