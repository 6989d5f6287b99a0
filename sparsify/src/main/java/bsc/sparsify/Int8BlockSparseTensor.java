package bsc.sparsify;

import java.util.Arrays;

/**
 * An INT8 layer weight compacted to block-sparse row format: the same structure as
 * {@link BlockSparseTensor} (block row br keeps block columns {@code colIndex[rowPtr[br] .. rowPtr[br+1])},
 * each block R x C x taps stored [tap][r][c] and zero-padded at channel edges), with int8 values. This is
 * the layout the INT8 kernels walk: a zero block costs neither bytes nor multiply-accumulates.
 *
 * <p>The weight is given in the conv order [Cout][Cin/group][taps] (fully connected layers: [out][in]).
 */
public final class Int8BlockSparseTensor {
  private final BlockShape shape;
  private final int outChannels;
  private final int inChannels;
  private final int taps;
  private final int[] rowPtr;
  private final int[] colIndex;
  private final byte[] values;

  private Int8BlockSparseTensor(BlockShape shape, int outChannels, int inChannels, int taps, int[] rowPtr,
      int[] colIndex, byte[] values) {
    this.shape = shape;
    this.outChannels = outChannels;
    this.inChannels = inChannels;
    this.taps = taps;
    this.rowPtr = rowPtr;
    this.colIndex = colIndex;
    this.values = values;
  }

  /** Keeps every block that holds a nonzero weight. */
  public static Int8BlockSparseTensor compact(BlockShape shape, int outChannels, int inChannels, int taps,
      byte[] weights) {
    BlockGrid grid = view(shape, outChannels, inChannels, taps);
    boolean[] keep = new boolean[grid.blockRows() * grid.blockCols()];
    for (int o = 0; o < outChannels; o++) {
      for (int i = 0; i < inChannels; i++) {
        for (int t = 0; t < taps; t++) {
          if (weights[(o * inChannels + i) * taps + t] != 0) {
            keep[(o / shape.rows()) * grid.blockCols() + i / shape.cols()] = true;
          }
        }
      }
    }
    return compact(grid, BlockMask.of(grid.blockRows(), grid.blockCols(), keep), weights);
  }

  /** Keeps the blocks {@code mask} keeps (weights outside them must be zero to be lossless). */
  public static Int8BlockSparseTensor compact(BlockGrid grid, BlockMask mask, byte[] weights) {
    PrunableLayer l = grid.layer();
    BlockShape s = grid.shape();
    int blockElems = s.rows() * s.cols() * l.taps();
    int[] rowPtr = new int[grid.blockRows() + 1];
    int[] colIndex = new int[mask.keptBlocks()];
    byte[] values = new byte[Math.multiplyExact(mask.keptBlocks(), blockElems)];
    int k = 0;
    for (int br = 0; br < grid.blockRows(); br++) {
      rowPtr[br] = k;
      for (int bc = 0; bc < grid.blockCols(); bc++) {
        if (!mask.isKept(br, bc)) {
          continue;
        }
        colIndex[k] = bc;
        for (int o = grid.rowStart(br); o < grid.rowEnd(br); o++) {
          for (int i = grid.colStart(bc); i < grid.colEnd(bc); i++) {
            for (int t = 0; t < l.taps(); t++) {
              int r = o - grid.rowStart(br);
              int c = i - grid.colStart(bc);
              values[k * blockElems + (t * s.rows() + r) * s.cols() + c] = weights[(int) l.index(o, i, t)];
            }
          }
        }
        k++;
      }
    }
    rowPtr[grid.blockRows()] = k;
    return new Int8BlockSparseTensor(s, l.outChannels(), l.inChannels(), l.taps(), rowPtr, colIndex, values);
  }

  /** The block grid of a weight in the conv order. */
  public static BlockGrid view(BlockShape shape, int outChannels, int inChannels, int taps) {
    return new PrunableLayer("", bsc.ir.OpType.CONV, "", outChannels, inChannels, taps, 1, false).grid(shape);
  }

  /** The dense weight in the conv order again. */
  public byte[] toDense() {
    byte[] w = new byte[outChannels * inChannels * taps];
    int blockElems = shape.rows() * shape.cols() * taps;
    for (int br = 0; br < blockRows(); br++) {
      for (int k = rowPtr[br]; k < rowPtr[br + 1]; k++) {
        for (int r = 0; r < shape.rows() && br * shape.rows() + r < outChannels; r++) {
          for (int c = 0; c < shape.cols() && colIndex[k] * shape.cols() + c < inChannels; c++) {
            for (int t = 0; t < taps; t++) {
              int o = br * shape.rows() + r;
              int i = colIndex[k] * shape.cols() + c;
              w[(o * inChannels + i) * taps + t] = values[k * blockElems + (t * shape.rows() + r) * shape.cols() + c];
            }
          }
        }
      }
    }
    return w;
  }

  public BlockShape blockShape() {
    return shape;
  }

  public int outChannels() {
    return outChannels;
  }

  public int inChannels() {
    return inChannels;
  }

  public int taps() {
    return taps;
  }

  public int blockRows() {
    return rowPtr.length - 1;
  }

  public int blockCols() {
    return (inChannels + shape.cols() - 1) / shape.cols();
  }

  public int nonzeroBlocks() {
    return colIndex.length;
  }

  /** Row pointers (blockRows + 1 entries, in blocks). A copy. */
  public int[] rowPointers() {
    return rowPtr.clone();
  }

  /** Block column of every stored block. A copy. */
  public int[] columnIndices() {
    return colIndex.clone();
  }

  /** The stored blocks, each R*C*taps values [tap][r][c]. A copy. */
  public byte[] values() {
    return values.clone();
  }

  /** Kept block columns of block row {@code br}, ascending. */
  public int[] columns(int br) {
    return Arrays.copyOfRange(colIndex, rowPtr[br], rowPtr[br + 1]);
  }
}
