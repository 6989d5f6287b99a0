package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.sparsify.LayerMask;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A short fine-tune of a pruned model that distils from the model before pruning, on real Fashion-MNIST. */
class DistilledFineTuneTest {
  /** Ten classes: chance is 10%. The dense teacher reaches about 75% here; 60% leaves margin. */
  private static final double ACCURACY_BOUND = 0.60;

  @Test
  void distilledFineTuneKeepsPrunedBlocksZeroAndBeatsTheBound() {
    Graph teacher = new BlockSparseTrainer(TinyTrainable.build(1), TrainingRuns.TRAIN, null,
        TrainingRuns.options(3, 64, 0.05), new PruneSchedule.Dense(), null).run(null).graph();
    PruneSchedule half = new PruneSchedule.OneShot(TrainingRuns.blocks(0.5, 8));
    TrainOptions ft = TrainingRuns.options(1, 64, 0.01);
    var distilled = new BlockSparseTrainer(teacher, TrainingRuns.TRAIN, TrainingRuns.TEST,
        ft.withDistillation(Distillation.DEFAULT), half, null).run(null);
    var labelsOnly = new BlockSparseTrainer(teacher, TrainingRuns.TRAIN, TrainingRuns.TEST, ft, half, null).run(null);

    assertTrue(distilled.history().get(0).testAccuracy() > ACCURACY_BOUND, "test accuracy " + distilled.history());
    assertEquals(0.5, distilled.masks().eligibleRatio(), 1e-9);
    for (LayerMask m : distilled.masks().list()) {
      float[] w = distilled.graph().initializer(m.layer().weight()).toFloats();
      float[] keep = BlockSparseTrainer.expand(m, TrainingRuns.blocks(0.5, 8).block());
      for (int i = 0; i < w.length; i++) {
        assertTrue(keep[i] == 1f || w[i] == 0f, m.layer().weight() + "[" + i + "] is pruned but " + w[i]);
      }
    }
    String w = distilled.masks().list().get(0).layer().weight();
    assertFalse(Arrays.equals(distilled.graph().initializer(w).toFloats(), labelsOnly.graph().initializer(w).toFloats()),
        "the soft targets change the fine-tuned weights");
  }

  @Test
  void distillingWithoutPruningIsRefused() {
    BscException e = assertThrows(BscException.class, () -> new BlockSparseTrainer(TinyTrainable.build(1),
        TrainingRuns.TRAIN.limit(128), null, TrainingRuns.options(1, 64, 0.05).withDistillation(Distillation.DEFAULT),
        new PruneSchedule.Dense(), null).run(null));
    assertEquals("--distill", e.where());
  }
}
