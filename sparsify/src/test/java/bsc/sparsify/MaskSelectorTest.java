package bsc.sparsify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskSelectorTest {
  @Test
  void zeroesTheLowestScoredBlocksAndBreaksTiesByIndex() {
    double[] scores = {5, 1, 3, 1, 9, 2};
    BlockMask m = new MaskSelector(false, 0).select(2, 3, scores, 3);
    // lowest: index 1 (1), index 3 (1, tie broken by index), index 5 (2)
    assertEquals("101", m.rowString(0));
    assertEquals("010", m.rowString(1));
    assertEquals(3, m.zeroBlocks());
  }

  @Test
  void noEmptyLinesKeepsABlockInEveryRowAndColumn() {
    double[] scores = new double[64];
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 64; i++) {
      scores[i] = r.nextDouble();
    }
    BlockMask m = new MaskSelector(true, 0).select(8, 8, scores, 56);
    for (int i = 0; i < 8; i++) {
      assertTrue(m.keptInRow(i) >= 1, "row " + i);
      assertTrue(m.keptInColumn(i) >= 1, "column " + i);
    }
    assertTrue(m.zeroBlocks() <= 56);
    assertTrue(m.zeroBlocks() >= 48, "still prunes most blocks: " + m.zeroBlocks());
  }

  @Test
  void balanceGivesEveryGroupOfRowsTheSameKeptCount() {
    double[] scores = new double[12 * 5];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = i < 30 ? i : 1000 + i; // the first half of rows would be pruned wholesale
    }
    BlockMask m = new MaskSelector(false, 4).select(12, 5, scores, 30);
    for (int g = 0; g < 4; g++) {
      int kept = 0;
      for (int br = g * 3; br < g * 3 + 3; br++) {
        kept += m.keptInRow(br);
      }
      assertEquals(8, kept, "group " + g); // 30 kept / 4 groups, rounded: 8 each
    }
    assertFalse(m.isKept(0, 0));
  }
}
