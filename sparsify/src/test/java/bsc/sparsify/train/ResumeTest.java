package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bsc.ir.BscException;
import bsc.ir.Graph;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

/** A run interrupted during an epoch and resumed from its last checkpoint ends with the same weights. */
class ResumeTest {
  private static final LabeledImages DATA = TrainingRuns.TRAIN.limit(256);
  private static final TrainOptions OPTIONS = TrainingRuns.options(2, 32, 0.05);
  private static final PruneSchedule SCHEDULE = new PruneSchedule.Incremental(TrainingRuns.blocks(0.5, 8), 0.2);

  /** Thrown by the listener to simulate a crash. */
  private static final class Interrupted extends RuntimeException {
    Interrupted() {
      super("simulated interruption");
    }
  }

  @Test
  void resumingAfterAnInterruptedSecondEpochGivesBitIdenticalWeights() {
    assertResumedRunEqualsWholeRun(OPTIONS);
  }

  /** The teacher's logits come from the model before pruning, not from the checkpoint's weights. */
  @Test
  void resumingADistilledRunGivesBitIdenticalWeights() {
    assertResumedRunEqualsWholeRun(OPTIONS.withDistillation(Distillation.DEFAULT));
  }

  private static void assertResumedRunEqualsWholeRun(TrainOptions options) {
    Graph model = TinyTrainable.build(4);
    var whole = TrainingRuns.run(model, DATA, options, SCHEDULE, null, null);

    byte[][] saved = new byte[1][];
    assertThrows(Interrupted.class, () -> TrainingRuns.run(model, DATA, options, SCHEDULE, new TrainingListener() {
      @Override
      public void onStep(int epoch, int step, int stepsPerEpoch, double loss, double accuracy) {
        if (epoch == 1 && step == 3) {
          throw new Interrupted();
        }
      }

      @Override
      public void onEpoch(EpochStats stats, Checkpoint checkpoint) {
        saved[0] = checkpoint.toBytes();
      }
    }, null));
    Checkpoint c = Checkpoint.read(new ByteArrayInputStream(saved[0]), "epoch 1");
    assertEquals(1, c.epochsDone());
    var resumed = TrainingRuns.run(model, DATA, options, SCHEDULE, null, c);

    for (String name : whole.graph().initializers().keySet()) {
      assertArrayEquals(whole.graph().initializer(name).toByteArray(), resumed.graph().initializer(name).toByteArray(),
          name);
    }
    assertEquals(2, resumed.history().size(), "the history continues the checkpoint's");
    assertEquals(whole.history().get(1).trainLoss(), resumed.history().get(1).trainLoss());
    assertEquals(whole.history().get(1).zeroBlockRatio(), resumed.history().get(1).zeroBlockRatio());
  }

  @Test
  void aCheckpointOfOtherSettingsIsRefused() {
    Graph model = TinyTrainable.build(4);
    Checkpoint[] saved = new Checkpoint[1];
    TrainingRuns.run(model, DATA.limit(128), TrainingRuns.options(1, 64, 0.05), new PruneSchedule.Dense(),
        new TrainingListener() {
          @Override
          public void onEpoch(EpochStats stats, Checkpoint checkpoint) {
            saved[0] = checkpoint;
          }
        }, null);
    BscException e = assertThrows(BscException.class, () -> TrainingRuns.run(model, DATA.limit(128),
        TrainingRuns.options(2, 64, 0.05), new PruneSchedule.Dense(), null, saved[0]));
    assertEquals("--resume", e.where());
  }
}
