package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.sparsify.BlockShape;
import bsc.sparsify.PruneOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskRoundsTest {
  @Test
  void eachRoundZeroesAtMostAFifthOfTheRemainingBlocksAndAtLeastOne() {
    int[] s = MaskRounds.steps(64, 32, 0.2);
    assertArrayEquals(new int[] {12, 22, 30, 32}, s);
    int zeros = 0;
    for (int z : s) {
      assertTrue(z - zeros <= Math.max(1, 0.2 * (64 - zeros)), "round from " + zeros + " to " + z);
      zeros = z;
    }
    assertArrayEquals(new int[] {1, 2, 3}, MaskRounds.steps(4, 3, 0.2));
    assertArrayEquals(new int[] {}, MaskRounds.steps(4, 0, 0.2));
  }

  @Test
  void oneShotIsOneRoundBeforeTheFirstStepAtTheFullTarget() {
    Graph g = TinyTrainable.build(1);
    MaskRounds r = MaskRounds.plan(g, new PruneSchedule.OneShot(PruneOptions.paper(0.5)), 100);
    assertEquals(1, r.rounds().size());
    assertEquals(0, r.rounds().get(0).step());
    assertEquals(List.of("conv2.weight", "conv3.weight"), r.maskedWeights(), "conv1 is the first conv, fc is FC");
    assertEquals(1, r.rounds().get(0).zeros().get("conv2"));
    assertEquals(2, r.rounds().get(0).zeros().get("conv3"));
  }

  @Test
  void incrementalRoundsAreSpreadEvenlyAndEndAtTheTarget() {
    Graph g = TinyTrainable.build(1);
    PruneOptions o = PruneOptions.paper(0.75).withBlock(new BlockShape(1, 1));
    MaskRounds r = MaskRounds.plan(g, new PruneSchedule.Incremental(o, 0.2), 700);
    List<MaskRounds.Round> rounds = r.rounds();
    int needed = Math.max(MaskRounds.steps(128, 96, 0.2).length, MaskRounds.steps(256, 192, 0.2).length);
    assertEquals(needed, rounds.size(), "as many rounds as the slowest layer needs");
    for (int i = 0; i < rounds.size(); i++) {
      assertEquals(i * 700L / rounds.size(), rounds.get(i).step());
    }
    MaskRounds.Round last = rounds.get(rounds.size() - 1);
    assertEquals(96, last.zeros().get("conv2"));
    assertEquals(192, last.zeros().get("conv3"));
  }
}
