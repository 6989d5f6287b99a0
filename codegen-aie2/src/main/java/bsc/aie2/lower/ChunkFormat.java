package bsc.aie2.lower;

/**
 * Byte layout of a weight chunk (docs/PROGRAM.md section 7): the header that lets a kernel walk only the
 * nonzero blocks, then the INT8 blocks. Block = 8 output x 8 input channels x taps.
 */
final class ChunkFormat {
  static final int BLOCK = 8;
  static final int BLOCK_BYTES = BLOCK * BLOCK;
  private static final int FIXED_HEADER = 8;
  private static final int ROW_ENTRY = 4;
  private static final int COL_INDEX = 2;
  private static final int BIAS = 4;
  private static final int SHIFT = 1;
  private static final int INDEX_ALIGN = 4;
  private static final int VALUES_ALIGN = 16;

  private ChunkFormat() {}

  /** Offset of the bias array in a conv chunk. */
  static int biasOffset(int blockRows, int blocks) {
    return align(FIXED_HEADER + ROW_ENTRY * blockRows + COL_INDEX * blocks, INDEX_ALIGN);
  }

  static int shiftOffset(int blockRows, int blocks) {
    return biasOffset(blockRows, blocks) + BIAS * BLOCK * blockRows;
  }

  static int convHeaderBytes(int blockRows, int blocks) {
    return align(shiftOffset(blockRows, blocks) + SHIFT * BLOCK * blockRows, VALUES_ALIGN);
  }

  static long convChunkBytes(int blockRows, int blocks, int taps) {
    return blockRows == 0 ? 0 : convHeaderBytes(blockRows, blocks) + (long) blocks * taps * BLOCK_BYTES;
  }

  static int depthwiseHeaderBytes(int channels) {
    return align(FIXED_HEADER + (BIAS + SHIFT) * channels, VALUES_ALIGN);
  }

  static long depthwiseChunkBytes(int channels, int taps) {
    return channels == 0 ? 0 : depthwiseHeaderBytes(channels) + (long) taps * channels;
  }

  static int align(int v, int a) {
    return (v + a - 1) / a * a;
  }
}
