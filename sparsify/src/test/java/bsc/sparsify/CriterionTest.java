package bsc.sparsify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Graph;
import org.junit.jupiter.api.Test;

/** Block scores against an independent computation over the ONNX weight layout [Cout][Cin][kh][kw]. */
class CriterionTest {
  private final Graph g = TestGraphs.threeConvs();
  private final PrunableLayer conv1 = PrunableLayer.of(g, g.node("conv1"));
  private final float[] w = g.initializer("w1").toFloats();

  /** Sum over block (br, bc) of 8x8 channels x 3x3 taps, computed with plain nested loops. */
  private double[] moments(int br, int bc) {
    double sum = 0;
    double sq = 0;
    double abs = 0;
    for (int o = br * 8; o < br * 8 + 8; o++) {
      for (int i = bc * 8; i < bc * 8 + 8; i++) {
        for (int k = 0; k < 9; k++) {
          double v = w[o * 16 * 9 + i * 9 + k];
          sum += v;
          sq += v * v;
          abs += Math.abs(v);
        }
      }
    }
    return new double[] {sum, sq, abs};
  }

  @Test
  void scoresEveryBlockOfA3x3ConvOverAllTaps() {
    BlockGrid grid = conv1.grid(BlockShape.AIE2_DEFAULT);
    assertEquals(4, grid.blockRows());
    assertEquals(2, grid.blockCols());
    for (int br = 0; br < 4; br++) {
      for (int bc = 0; bc < 2; bc++) {
        double[] m = moments(br, bc);
        assertEquals(Math.sqrt(m[1]), Criterion.L2.score(w, grid, br, bc, null), 1e-9);
        assertEquals(m[2], Criterion.L1.score(w, grid, br, bc, null), 1e-9);
        double mean = m[0] / 576;
        assertEquals(m[1] / 576 - mean * mean, Criterion.VARIANCE.score(w, grid, br, bc, null), 1e-9);
      }
    }
  }

  @Test
  void channelScalesMultiplyEachOutputChannel() {
    BlockGrid grid = conv1.grid(BlockShape.AIE2_DEFAULT);
    double[] scale = new double[32];
    java.util.Arrays.fill(scale, 2.0);
    assertEquals(2 * Criterion.L1.score(w, grid, 1, 1, null), Criterion.L1.score(w, grid, 1, 1, scale), 1e-9);
  }

  @Test
  void partialEdgeBlocksScoreOnlyRealChannels() {
    PrunableLayer conv2 = PrunableLayer.of(g, g.node("conv2"));
    BlockGrid grid = conv2.grid(new BlockShape(16, 16));
    float[] w2 = g.initializer("w2").toFloats();
    assertEquals(2, grid.blockRows()); // 24 output channels: rows 0-15 and 16-23
    double abs = 0;
    for (int o = 16; o < 24; o++) {
      for (int i = 16; i < 32; i++) {
        abs += Math.abs(w2[o * 32 + i]);
      }
    }
    assertEquals(abs, Criterion.L1.score(w2, grid, 1, 1, null), 1e-9);
  }
}
