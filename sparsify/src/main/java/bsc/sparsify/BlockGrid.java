package bsc.sparsify;

import bsc.ir.DataType;
import bsc.ir.Tensor;
import java.nio.FloatBuffer;

/**
 * The grid of RxC blocks over a layer's output x input channels: ceil(Cout/R) block rows by ceil(Cin/C)
 * block columns; blocks at the edges of non-multiple channel counts are partial.
 */
public final class BlockGrid {
  private final PrunableLayer layer;
  private final BlockShape shape;

  BlockGrid(PrunableLayer layer, BlockShape shape) {
    this.layer = layer;
    this.shape = shape;
  }

  public PrunableLayer layer() {
    return layer;
  }

  public BlockShape shape() {
    return shape;
  }

  public int blockRows() {
    return (layer.outChannels() + shape.rows() - 1) / shape.rows();
  }

  public int blockCols() {
    return (layer.inChannels() + shape.cols() - 1) / shape.cols();
  }

  public long blocks() {
    return (long) blockRows() * blockCols();
  }

  /** First and one-past-last output channel of block row {@code br}. */
  public int rowStart(int br) {
    return br * shape.rows();
  }

  public int rowEnd(int br) {
    return Math.min(layer.outChannels(), (br + 1) * shape.rows());
  }

  public int colStart(int bc) {
    return bc * shape.cols();
  }

  public int colEnd(int bc) {
    return Math.min(layer.inChannels(), (bc + 1) * shape.cols());
  }

  /** Whether every weight of block (br, bc) of {@code weight} is exactly zero. */
  public boolean isZero(float[] weight, int br, int bc) {
    return isZero(FloatBuffer.wrap(weight), br, bc);
  }

  private boolean isZero(FloatBuffer weight, int br, int bc) {
    for (int o = rowStart(br); o < rowEnd(br); o++) {
      for (int i = colStart(bc); i < colEnd(bc); i++) {
        for (int t = 0; t < layer.taps(); t++) {
          if (weight.get((int) layer.index(o, i, t)) != 0f) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * How many blocks of {@code weight} are all zero. An f32 weight is read in place (it may be a mapping
   * of the model file): copying a 100 MB model's weights onto the heap costs more than the scan.
   */
  public long zeroBlocks(Tensor weight) {
    FloatBuffer w = weight.dtype() == DataType.FLOAT
        ? weight.bytes().asFloatBuffer()
        : FloatBuffer.wrap(weight.toFloats());
    long zero = 0;
    for (int br = 0; br < blockRows(); br++) {
      for (int bc = 0; bc < blockCols(); bc++) {
        if (isZero(w, br, bc)) {
          zero++;
        }
      }
    }
    return zero;
  }
}
