package bsc.aie2.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The 8x8 block mask read from a conv weight [Cout][Cin][taps]: a block is kept iff any of its weights is nonzero. */
class MaskCacheTest {
  private static final int BLOCK = 8;

  @Test
  void aBlockIsKeptExactlyWhenOneOfItsWeightsIsNonzeroWhereverThatWeightIs() {
    for (int[] dims : new int[][] {{20, 13, 9}, {16, 16, 1}, {7, 30, 3}, {64, 24, 9}}) {
      int cout = dims[0];
      int cin = dims[1];
      int taps = dims[2];
      SplittableRandom rng = new SplittableRandom(cout * 31L + cin);
      float[] w = new float[cout * cin * taps];
      int rows = (cout + BLOCK - 1) / BLOCK;
      int cols = (cin + BLOCK - 1) / BLOCK;
      // Per block: all zero, one nonzero at a random place (first, last or any element), or dense.
      for (int br = 0; br < rows; br++) {
        for (int bc = 0; bc < cols; bc++) {
          int kind = rng.nextInt(4);
          int outs = Math.min(cout, (br + 1) * BLOCK) - br * BLOCK;
          int ins = Math.min(cin, (bc + 1) * BLOCK) - bc * BLOCK;
          int elements = outs * ins * taps;
          int only = kind == 1 ? 0 : kind == 2 ? elements - 1 : rng.nextInt(elements);
          for (int e = 0; e < elements; e++) {
            int o = br * BLOCK + e / (ins * taps);
            int i = bc * BLOCK + e / taps % ins;
            int t = e % taps;
            boolean nonzero = kind == 3 || (kind != 0 && e == only);
            w[(o * cin + i) * taps + t] = nonzero ? (float) rng.nextGaussian() + 3f : 0f;
          }
          if (kind == 0 && rng.nextBoolean()) {
            w[((br * BLOCK) * cin + bc * BLOCK) * taps] = -0f; // negative zero is zero
          }
        }
      }
      ConvWeights cw = MaskCache.scan(FloatBuffer.wrap(w), cout, cin, taps);
      assertEquals(rows, cw.blockRows());
      assertEquals(cols, cw.blockCols());
      for (int br = 0; br < rows; br++) {
        for (int bc = 0; bc < cols; bc++) {
          assertEquals(anyNonzero(w, cin, taps, br, bc, cout), cw.mask().isKept(br, bc),
              "block (" + br + ", " + bc + ") of " + cout + "x" + cin + "x" + taps);
        }
      }
    }
  }

  private static boolean anyNonzero(float[] w, int cin, int taps, int br, int bc, int cout) {
    for (int o = br * BLOCK; o < Math.min(cout, (br + 1) * BLOCK); o++) {
      for (int i = bc * BLOCK; i < Math.min(cin, (bc + 1) * BLOCK); i++) {
        for (int t = 0; t < taps; t++) {
          if (w[(o * cin + i) * taps + t] != 0f) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
