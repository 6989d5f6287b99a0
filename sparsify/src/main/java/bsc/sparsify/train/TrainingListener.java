package bsc.sparsify.train;

/** Progress of a training run; the CLI shows it and writes the checkpoints. Every method may throw to stop. */
public interface TrainingListener {
  /** After each optimizer step; {@code step} counts from 0 within the epoch. */
  default void onStep(int epoch, int step, int stepsPerEpoch, double loss, double accuracy) {}

  /** After a pruning round: round {@code round} of {@code rounds}, eligible zero-block ratio now. */
  default void onPrune(int round, int rounds, double zeroBlockRatio) {}

  /** After each epoch, with the state to resume from (write it to keep it). */
  default void onEpoch(EpochStats stats, Checkpoint checkpoint) {}
}
