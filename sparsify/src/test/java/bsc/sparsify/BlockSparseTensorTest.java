package bsc.sparsify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockSparseTensorTest {
  private static final BlockShape[] SHAPES = {
    new BlockShape(8, 8), new BlockShape(4, 4), new BlockShape(4, 8), new BlockShape(8, 4),
    new BlockShape(16, 4), new BlockShape(4, 16), new BlockShape(1, 1)
  };

  /** Dense -> compact -> dense is the identity on masked weights, over random shapes, blocks and ratios. */
  @Test
  void compactThenExpandIsTheIdentity() {
    SplittableRandom r = new SplittableRandom(42);
    for (int trial = 0; trial < 200; trial++) {
      int cout = 1 + r.nextInt(40);
      int cin = 1 + r.nextInt(40);
      int taps = new int[] {1, 9, 25, 49}[r.nextInt(4)];
      boolean transposed = taps == 1 && r.nextBoolean();
      PrunableLayer l = new PrunableLayer("l", bsc.ir.OpType.CONV, "w", cout, cin, taps, 1, transposed);
      BlockGrid grid = l.grid(SHAPES[r.nextInt(SHAPES.length)]);
      float[] w = TestGraphs.normal(cout * cin * taps, trial);
      boolean[] keep = new boolean[grid.blockRows() * grid.blockCols()];
      double ratio = r.nextDouble();
      for (int i = 0; i < keep.length; i++) {
        keep[i] = r.nextDouble() >= ratio;
      }
      BlockMask mask = BlockMask.of(grid.blockRows(), grid.blockCols(), keep);
      float[] masked = Pruner.apply(bsc.ir.Tensor.ofFloats(bsc.ir.Shape.of(w.length), w), grid, mask, w).toFloats();
      BlockSparseTensor t = BlockSparseTensor.compact(grid, mask, masked);
      assertArrayEquals(masked, t.toDense(), "trial " + trial);
      assertEquals(mask.keptBlocks(), t.nonzeroBlocks());
      long blockElems = (long) grid.shape().rows() * grid.shape().cols() * taps;
      assertEquals(mask.keptBlocks() * blockElems, t.valueBytes(1));
      assertEquals(4L * (grid.blockRows() + 1) + 2L * mask.keptBlocks(), t.indexBytes());
    }
  }

  @Test
  void blocksAreStoredTapMajorWithOutputChannelRows() {
    PrunableLayer l = new PrunableLayer("l", bsc.ir.OpType.CONV, "w", 2, 2, 2, 1, false);
    float[] w = {1, 2, 3, 4, 5, 6, 7, 8}; // [o][i][tap]
    BlockSparseTensor t = BlockSparseTensor.compact(l.grid(new BlockShape(2, 2)), BlockMask.allKept(1, 1), w);
    // tap 0: [[w(0,0,0), w(0,1,0)], [w(1,0,0), w(1,1,0)]] = [[1,3],[5,7]]; tap 1: [[2,4],[6,8]]
    assertArrayEquals(new float[] {1, 3, 5, 7, 2, 4, 6, 8}, t.block(0));
  }
}
