package bsc.sparsify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Int8BlockSparseTensorTest {
  @Test
  void keepsExactlyTheBlocksWithANonzeroWeightAndExpandsBack() {
    SplittableRandom r = new SplittableRandom(11);
    for (int trial = 0; trial < 200; trial++) {
      int cout = 1 + r.nextInt(40);
      int cin = 1 + r.nextInt(40);
      int taps = new int[] {1, 9, 49}[r.nextInt(3)];
      BlockShape s = new BlockShape(1 + r.nextInt(8), 1 + r.nextInt(8));
      BlockGrid grid = Int8BlockSparseTensor.view(s, cout, cin, taps);
      byte[] w = new byte[cout * cin * taps];
      int nonzero = 0;
      for (int br = 0; br < grid.blockRows(); br++) {
        for (int bc = 0; bc < grid.blockCols(); bc++) {
          if (r.nextBoolean()) {
            continue;
          }
          nonzero++;
          // one nonzero weight somewhere in the block is enough to keep it
          int o = grid.rowStart(br) + r.nextInt(grid.rowEnd(br) - grid.rowStart(br));
          int i = grid.colStart(bc) + r.nextInt(grid.colEnd(bc) - grid.colStart(bc));
          w[(o * cin + i) * taps + r.nextInt(taps)] = (byte) (1 + r.nextInt(127));
        }
      }
      Int8BlockSparseTensor t = Int8BlockSparseTensor.compact(s, cout, cin, taps, w);
      assertEquals(nonzero, t.nonzeroBlocks(), "trial " + trial);
      assertArrayEquals(w, t.toDense(), "trial " + trial);
      assertEquals(nonzero * s.rows() * s.cols() * taps, t.values().length);
    }
  }

  @Test
  void blocksAreStoredTapMajorThenOutputThenInputChannel() {
    // 2 output x 3 input channels, 2 taps, one 2x2 block column plus a partial one
    byte[] w = new byte[2 * 3 * 2];
    for (int i = 0; i < w.length; i++) {
      w[i] = (byte) (i + 1); // w[o][i][t] = (o * 3 + i) * 2 + t + 1
    }
    Int8BlockSparseTensor t = Int8BlockSparseTensor.compact(new BlockShape(2, 2), 2, 3, 2, w);
    assertArrayEquals(new int[] {0, 1}, t.columns(0));
    assertArrayEquals(new byte[] {
        // block (0, 0): tap 0 [[w000, w010], [w100, w110]], tap 1 ...
        1, 3, 7, 9, 2, 4, 8, 10,
        // block (0, 1): input channel 2 and a zero pad column
        5, 0, 11, 0, 6, 0, 12, 0}, t.values());
    assertArrayEquals(new int[] {0, 2}, t.rowPointers());
  }
}
