package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.sparsify.BlockGrid;
import bsc.sparsify.BlockShape;
import bsc.sparsify.LayerMask;
import bsc.sparsify.MaskSet;
import bsc.sparsify.PrunableLayer;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fine-tuning keeps every pruned block exactly zero (W * Gamma) while the kept weights train. */
class MaskedTrainingTest {
  private static final LabeledImages DATA = TrainingRuns.TRAIN.limit(1024);

  @Test
  void oneShotEightByEightBlocksStayExactlyZeroThroughFineTuning() {
    Graph start = TinyTrainable.build(2);
    PruneOptions o = TrainingRuns.blocks(0.5, 8);
    List<Integer> firstRoundStep = new ArrayList<>();
    var r = TrainingRuns.run(start, DATA, TrainingRuns.options(1, 64, 0.05), new PruneSchedule.OneShot(o),
        new TrainingListener() {
          @Override
          public void onPrune(int round, int rounds, double ratio) {
            firstRoundStep.add(round);
          }
        }, null);
    assertEquals(List.of(1), firstRoundStep);
    assertPrunedBlocksExactlyZeroAndKeptBlocksTrained(start, r.graph(), r.masks(), o.block());
    assertEquals(0.5, r.masks().eligibleRatio(), 1e-9);
    // The blocks zeroed are the ones the pruner picks on the starting weights: one-shot scores once.
    MaskSet chosen = Pruner.prune(start, o).masks();
    for (LayerMask m : chosen.list()) {
      assertEquals(m.mask(), r.masks().get(m.layer().node()).mask(), m.layer().node());
    }
  }

  @Test
  void incrementalUnstructuredMasksStayExactlyZeroAndReachTheTarget() {
    Graph start = TinyTrainable.build(3);
    PruneOptions o = TrainingRuns.blocks(0.75, 1);
    List<Double> ratios = new ArrayList<>();
    var r = TrainingRuns.run(start, DATA, TrainingRuns.options(1, 64, 0.05), new PruneSchedule.Incremental(o, 0.2),
        new TrainingListener() {
          @Override
          public void onPrune(int round, int rounds, double ratio) {
            ratios.add(ratio);
          }
        }, null);
    assertTrue(ratios.size() >= 6, "rounds " + ratios);
    for (int i = 1; i < ratios.size(); i++) {
      assertTrue(ratios.get(i) > ratios.get(i - 1), "rounds " + ratios);
    }
    assertEquals(0.75, ratios.get(ratios.size() - 1), 1e-9);
    assertPrunedBlocksExactlyZeroAndKeptBlocksTrained(start, r.graph(), r.masks(), o.block());
  }

  static void assertPrunedBlocksExactlyZeroAndKeptBlocksTrained(Graph start, Graph trained, MaskSet masks,
      BlockShape block) {
    int eligible = 0;
    for (LayerMask m : masks.list()) {
      if (!m.eligible()) {
        continue;
      }
      eligible++;
      PrunableLayer l = m.layer();
      BlockGrid grid = l.grid(block);
      float[] before = start.initializer(l.weight()).toFloats();
      float[] after = trained.initializer(l.weight()).toFloats();
      for (int br = 0; br < grid.blockRows(); br++) {
        for (int bc = 0; bc < grid.blockCols(); bc++) {
          boolean zero = grid.isZero(after, br, bc);
          assertEquals(!m.mask().isKept(br, bc), zero, l.node() + " block " + br + "," + bc);
          if (!zero) {
            int i = (int) l.index(grid.rowStart(br), grid.colStart(bc), 0);
            assertNotEquals(before[i], after[i], l.node() + " kept block " + br + "," + bc + " did not train");
          }
        }
      }
    }
    assertEquals(2, eligible, "conv2 and conv3");
  }
}
