package bsc.aie2.lower;

import bsc.aie2.lower.CorePlan.Chunk;
import java.util.List;

/**
 * Bytes and nonzero blocks of every weight chunk of a layer: [group][chunk][ci chunk]. Groups own the
 * same chunks on every core of the group (row broadcast in a width split).
 */
final class ChunkSizes {
  private final long[][][] bytes;
  private final int[][][] blocks;
  private final int[][][] denseBlocks;
  private final int[][][] blockRows;

  ChunkSizes(CorePlan p, boolean compaction) {
    this(p, p.layer().kind() == LayerKind.CONV ? new BlockStats(p.layer().weights(), compaction) : null);
  }

  /** {@code st}: the conv's block counts under the compilation's compaction (null for other layers). */
  ChunkSizes(CorePlan p, BlockStats st) {
    Layer l = p.layer();
    int groups = p.groups();
    int k = p.chunks();
    int q = p.ciChunks().size();
    bytes = new long[groups][k][q];
    blocks = new int[groups][k][q];
    denseBlocks = new int[groups][k][q];
    blockRows = new int[groups][k][q];
    if (!l.kind().hasWeights()) {
      return;
    }
    for (int g = 0; g < groups; g++) {
      List<Chunk> chunks = chunksOf(p, g);
      for (int c = 0; c < k && chunks != null; c++) {
        Chunk ch = chunks.get(c);
        for (int i = 0; i < q; i++) {
          fill(p, st, g, c, i, ch);
        }
      }
    }
  }

  private void fill(CorePlan p, BlockStats st, int g, int c, int i, Chunk ch) {
    int taps = p.layer().window().taps();
    if (st == null) {
      bytes[g][c][i] = ChunkFormat.depthwiseChunkBytes(ch.channels(), taps);
      return;
    }
    int[] r = p.ciChunks().get(i);
    int nRows = ch.br1() - ch.br0();
    blocks[g][c][i] = st.blocks(ch.br0(), ch.br1(), r[0], r[1]);
    denseBlocks[g][c][i] = nRows * (r[1] - r[0]);
    blockRows[g][c][i] = nRows;
    bytes[g][c][i] = ChunkFormat.convChunkBytes(nRows, blocks[g][c][i], taps);
  }

  private static List<Chunk> chunksOf(CorePlan p, int g) {
    for (CorePlan.CoreWork c : p.cores()) {
      if (c.group() == g) {
        return c.chunks();
      }
    }
    return null;
  }

  long bytes(int g, int k, int q) {
    return bytes[g][k][q];
  }

  int blocks(int g, int k, int q) {
    return blocks[g][k][q];
  }

  int blockRows(int g, int k, int q) {
    return blockRows[g][k][q];
  }

  long totalBytes() {
    long n = 0;
    for (long[][] a : bytes) {
      for (long[] b : a) {
        for (long v : b) {
          n += v;
        }
      }
    }
    return n;
  }

  /** Bytes of the same chunks with every block stored (the paper's dense baseline). */
  long denseBytes(int taps) {
    long n = 0;
    for (int g = 0; g < denseBlocks.length; g++) {
      for (int k = 0; k < denseBlocks[g].length; k++) {
        for (int q = 0; q < denseBlocks[g][k].length; q++) {
          n += blockRows[g][k][q] == 0 ? bytes[g][k][q]
              : ChunkFormat.convChunkBytes(blockRows[g][k][q], denseBlocks[g][k][q], taps);
        }
      }
    }
    return n;
  }

  int groups() {
    return bytes.length;
  }

  int chunks() {
    return bytes.length == 0 ? 0 : bytes[0].length;
  }

  int ciChunks() {
    return bytes.length == 0 || bytes[0].length == 0 ? 0 : bytes[0][0].length;
  }
}
