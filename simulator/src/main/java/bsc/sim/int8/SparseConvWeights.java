package bsc.sim.int8;

import bsc.sparsify.BlockShape;
import bsc.sparsify.Int8BlockSparseTensor;

/**
 * The block-sparse walk: the weight compacted to block-sparse rows ({@link Int8BlockSparseTensor}), each
 * row group a block row, visiting only the stored (nonzero) blocks. For a block at block column bc and
 * tap t, the C input rows {@code (bc * C + j) * taps + t} meet the block's R x C int8 matrix of that tap.
 */
final class SparseConvWeights implements ConvWeights {
  private final int taps;
  private final int inPerGroup;
  private final int blockRows;
  private final int blockCols;
  private final int blockElems;
  private final int[] rowPtr;
  private final int[] colIndex;
  private final byte[] values;
  private final RowGroups groups;

  SparseConvWeights(ConvGeometry g, byte[] weights, BlockShape block) {
    Int8BlockSparseTensor t = Int8BlockSparseTensor.compact(block, g.outChannels(), g.inPerGroup(), g.taps(), weights);
    this.taps = g.taps();
    this.inPerGroup = g.inPerGroup();
    this.blockRows = block.rows();
    this.blockCols = block.cols();
    this.blockElems = block.rows() * block.cols() * taps;
    this.rowPtr = t.rowPointers();
    this.colIndex = t.columnIndices();
    this.values = t.values();
    this.groups = RowGroups.of(g, block.rows());
  }

  /**
   * Whether the block-sparse walk applies: block rows must not straddle conv groups, and a group must have
   * at least a block's width of input channels (the pruner keeps thinner layers dense, DESIGN.md section 4;
   * walking their zero-padded blocks would only add work).
   */
  static boolean applies(ConvGeometry g, BlockShape block) {
    return (g.groups() == 1 || g.outPerGroup() % block.rows() == 0) && g.inPerGroup() >= block.cols();
  }

  int storedBlocks() {
    return colIndex.length;
  }

  @Override
  public RowGroups rowGroups() {
    return groups;
  }

  @Override
  public void accumulate(int group, float[][] acc, float[][] cols, int rowBase, int tapStride, int zeroRow, int cLo,
      int cHi, int tLo, int tHi, int n) {
    int o0 = groups.start()[group];
    int rows = groups.size()[group];
    int rel = groups.inBase()[group] - rowBase; // cols row of channel c, tap t: t * tapStride + rel + c
    int[] rowsOf = new int[8];
    int bcLo = cLo / blockCols;
    int bcHi = (cHi + blockCols - 1) / blockCols;
    int k = firstBlockAtOrAfter(group, bcLo);
    for (; k < rowPtr[group + 1] && colIndex[k] < bcHi; k++) {
      int c0 = colIndex[k] * blockCols;
      for (int t = tLo; t < tHi; t++) {
        for (int j0 = 0; j0 < blockCols; j0 += 8) {
          int m = Math.min(8, blockCols - j0);
          for (int j = 0; j < m; j++) {
            int c = c0 + j0 + j;
            rowsOf[j] = c < inPerGroup ? t * tapStride + rel + c : zeroRow;
          }
          int wb = k * blockElems + t * blockRows * blockCols + j0;
          if (m == 8) {
            float[] p0 = cols[rowsOf[0]];
            float[] p1 = cols[rowsOf[1]];
            float[] p2 = cols[rowsOf[2]];
            float[] p3 = cols[rowsOf[3]];
            float[] p4 = cols[rowsOf[4]];
            float[] p5 = cols[rowsOf[5]];
            float[] p6 = cols[rowsOf[6]];
            float[] p7 = cols[rowsOf[7]];
            for (int r = 0; r < rows; r++) {
              int i = wb + r * blockCols;
              Mac.madd8(acc[o0 + r], p0, p1, p2, p3, p4, p5, p6, p7, values[i], values[i + 1], values[i + 2],
                  values[i + 3], values[i + 4], values[i + 5], values[i + 6], values[i + 7], n);
            }
          } else {
            for (int r = 0; r < rows; r++) {
              Mac.maddFew(acc[o0 + r], cols, rowsOf, m, values, wb + r * blockCols, 1, n);
            }
          }
        }
      }
    }
  }

  /** The first stored block of block row {@code br} whose column is at least {@code bc}. */
  private int firstBlockAtOrAfter(int br, int bc) {
    int lo = rowPtr[br];
    int hi = rowPtr[br + 1];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (colIndex[mid] < bc) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public void accumulateVector(int group, int[] acc, int[] x) {
    int rows = groups.size()[group];
    int inBase = groups.inBase()[group];
    for (int k = rowPtr[group]; k < rowPtr[group + 1]; k++) {
      int c0 = colIndex[k] * blockCols;
      int cEnd = Math.min(blockCols, inPerGroup - c0);
      for (int t = 0; t < taps; t++) {
        for (int r = 0; r < rows; r++) {
          int wb = k * blockElems + (t * blockRows + r) * blockCols;
          int s = 0;
          for (int j = 0; j < cEnd; j++) {
            s += values[wb + j] * x[(inBase + c0 + j) * taps + t];
          }
          acc[r] += s;
        }
      }
    }
  }

  @Override
  public long macsPerPosition(int group) {
    return (long) (rowPtr[group + 1] - rowPtr[group]) * groups.size()[group] * blockCols * taps;
  }
}
