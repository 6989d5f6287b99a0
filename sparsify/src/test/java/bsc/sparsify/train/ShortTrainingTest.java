package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CI-sized training run: real Fashion-MNIST images, a tiny CNN, a few seconds. */
class ShortTrainingTest {
  /** Ten classes: chance is 10%. Three epochs of 2,048 images reach about 75% here; 60% leaves margin. */
  private static final double ACCURACY_BOUND = 0.60;

  @Test
  void lossFallsAndTestAccuracyBeatsTheBoundAfterThreeEpochsOnTwoThousandImages() {
    var r = new BlockSparseTrainer(TinyTrainable.build(1), TrainingRuns.TRAIN, TrainingRuns.TEST,
        TrainingRuns.options(3, 64, 0.05), new PruneSchedule.Dense(), null).run(null);
    List<EpochStats> h = r.history();
    assertTrue(h.get(2).trainLoss() < 0.7 * h.get(0).trainLoss(), "loss per epoch " + h);
    assertTrue(h.get(2).testAccuracy() > ACCURACY_BOUND, "test accuracy per epoch " + h);
    assertTrue(r.masks() == null, "dense training has no masks");
  }
}
