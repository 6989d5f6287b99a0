package bsc.sparsify;

import java.util.Arrays;

/**
 * A layer's weight compacted to block-sparse row format (BSR, as rocSPARSE/cuSPARSE; the paper's "compressed
 * block row", paper-facts.md section 1). For block row br, the kept block columns are
 * {@code colIndex[rowPtr[br] .. rowPtr[br+1])} and their blocks follow in the same order in {@code values}.
 *
 * <p>Each block is stored whole, R x C x taps, padded with zeros at the edges of channel counts that are not
 * multiples of the block, in the order [tap][r][c]: for each kernel tap an R x C matrix, output channel
 * major. That is the slice an AIE2 core multiplies per tap (an 8x8 INT8 B operand), so a core's share is
 * one contiguous run of blocks. Zero blocks take neither space nor cycles.
 */
public final class BlockSparseTensor {
  /** Bytes per index entry: int32 row pointers, int16 column indices. */
  public static final int ROW_PTR_BYTES = 4;
  public static final int COL_INDEX_BYTES = 2;

  private final PrunableLayer layer;
  private final BlockShape shape;
  private final int blockRows;
  private final int blockCols;
  private final int[] rowPtr;
  private final int[] colIndex;
  private final float[] values;

  private BlockSparseTensor(PrunableLayer layer, BlockShape shape, int blockRows, int blockCols, int[] rowPtr,
      int[] colIndex, float[] values) {
    this.layer = layer;
    this.shape = shape;
    this.blockRows = blockRows;
    this.blockCols = blockCols;
    this.rowPtr = rowPtr;
    this.colIndex = colIndex;
    this.values = values;
  }

  /** Compacts {@code weight} (the layer's elements) keeping the blocks {@code mask} keeps. */
  public static BlockSparseTensor compact(BlockGrid grid, BlockMask mask, float[] weight) {
    PrunableLayer l = grid.layer();
    int rows = grid.blockRows();
    int cols = grid.blockCols();
    int[] rowPtr = new int[rows + 1];
    int[] colIndex = new int[mask.keptBlocks()];
    int blockElems = blockElements(grid.shape(), l);
    float[] values = new float[Math.multiplyExact(mask.keptBlocks(), blockElems)];
    int k = 0;
    for (int br = 0; br < rows; br++) {
      rowPtr[br] = k;
      for (int bc = 0; bc < cols; bc++) {
        if (!mask.isKept(br, bc)) {
          continue;
        }
        colIndex[k] = bc;
        int base = k * blockElems;
        for (int t = 0; t < l.taps(); t++) {
          for (int o = grid.rowStart(br); o < grid.rowEnd(br); o++) {
            for (int i = grid.colStart(bc); i < grid.colEnd(bc); i++) {
              int r = o - grid.rowStart(br);
              int c = i - grid.colStart(bc);
              values[base + (t * grid.shape().rows() + r) * grid.shape().cols() + c] = weight[(int) l.index(o, i, t)];
            }
          }
        }
        k++;
      }
    }
    rowPtr[rows] = k;
    return new BlockSparseTensor(l, grid.shape(), rows, cols, rowPtr, colIndex, values);
  }

  static int blockElements(BlockShape s, PrunableLayer l) {
    return Math.multiplyExact(s.rows() * s.cols(), l.taps());
  }

  /** The dense weight again (the layer's element order); the identity after {@link #compact} for kept blocks. */
  public float[] toDense() {
    float[] w = new float[Math.multiplyExact(Math.multiplyExact(layer.outChannels(), layer.inChannels()), layer.taps())];
    int blockElems = blockElements(shape, layer);
    for (int br = 0; br < blockRows; br++) {
      for (int k = rowPtr[br]; k < rowPtr[br + 1]; k++) {
        int bc = colIndex[k];
        for (int t = 0; t < layer.taps(); t++) {
          for (int r = 0; r < shape.rows() && br * shape.rows() + r < layer.outChannels(); r++) {
            for (int c = 0; c < shape.cols() && bc * shape.cols() + c < layer.inChannels(); c++) {
              int o = br * shape.rows() + r;
              int i = bc * shape.cols() + c;
              w[(int) layer.index(o, i, t)] = values[k * blockElems + (t * shape.rows() + r) * shape.cols() + c];
            }
          }
        }
      }
    }
    return w;
  }

  public PrunableLayer layer() {
    return layer;
  }

  public BlockShape blockShape() {
    return shape;
  }

  public int blockRows() {
    return blockRows;
  }

  public int blockCols() {
    return blockCols;
  }

  public int nonzeroBlocks() {
    return colIndex.length;
  }

  /** Kept block columns of block row {@code br}, ascending. */
  public int[] columns(int br) {
    return Arrays.copyOfRange(colIndex, rowPtr[br], rowPtr[br + 1]);
  }

  /** Index of the first block of row {@code br} in the values (in blocks). */
  public int rowStartBlock(int br) {
    return rowPtr[br];
  }

  /** The values of block number {@code k} (in storage order), R*C*taps elements [tap][r][c]. */
  public float[] block(int k) {
    int n = blockElements(shape, layer);
    return Arrays.copyOfRange(values, k * n, (k + 1) * n);
  }

  /** Stored values (padded blocks) at {@code elementBytes} bytes each: 1 for INT8 on the AIE2. */
  public long valueBytes(int elementBytes) {
    return (long) values.length * elementBytes;
  }

  /** Index bytes: row pointers and column indices. */
  public long indexBytes() {
    return (long) (blockRows + 1) * ROW_PTR_BYTES + (long) colIndex.length * COL_INDEX_BYTES;
  }
}
