package bsc.sparsify.train;

import bsc.ir.BscException;

/**
 * How to train: epochs over the training set, mini-batch size (the last partial batch of an epoch is
 * dropped, so every step sees the same number of images), and SGD with Nesterov momentum, weight decay
 * on weights (not on BN parameters or biases) and a learning rate that warms up linearly over the first
 * {@code warmupSteps} steps and then follows a cosine to zero. {@code seed} fixes the shuffling.
 * {@code distillation}, when not null, adds the soft targets of the model before pruning to the loss.
 */
public record TrainOptions(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
    int warmupSteps, long seed, Distillation distillation) {
  public TrainOptions {
    if (epochs < 1) {
      throw new BscException("--epochs", "must be at least 1, got " + epochs);
    }
    if (batchSize < 2) {
      throw new BscException("--batch-size", "must be at least 2 (batch statistics), got " + batchSize);
    }
    if (!(learningRate > 0) || learningRate > 10) {
      throw new BscException("--lr", "must be in (0, 10], got " + learningRate);
    }
    if (momentum < 0 || momentum >= 1 || weightDecay < 0 || warmupSteps < 0) {
      throw new BscException("training options", "momentum must be in [0, 1), weight decay and warm-up >= 0");
    }
  }

  /** Training from scratch: lr 0.05, batch 128, momentum 0.9, weight decay 5e-4, 100 warm-up steps. */
  public static TrainOptions dense(int epochs, long seed) {
    return new TrainOptions(epochs, 128, 0.05, 0.9, 5e-4, 100, seed, null);
  }

  /**
   * Fine-tuning a trained model after pruning: the dense schedule again, peak lr 0.05 without warm-up, on the
   * labels only: learning-rate rewinding (Renda, Frankle and Carbin 2020), the recipe that keeps 8x8 blocks at
   * 50% within 1 point of dense in docs/RESULTS.md "Training", where lr 0.01 left the pruned model underfitted.
   * {@link #withDistillation} adds soft targets, which did not change the final accuracy there.
   */
  public static TrainOptions fineTune(int epochs, long seed) {
    return new TrainOptions(epochs, 128, 0.05, 0.9, 5e-4, 0, seed, null);
  }

  public TrainOptions withLearningRate(double lr) {
    return new TrainOptions(epochs, batchSize, lr, momentum, weightDecay, warmupSteps, seed, distillation);
  }

  public TrainOptions withBatchSize(int b) {
    return new TrainOptions(epochs, b, learningRate, momentum, weightDecay, warmupSteps, seed, distillation);
  }

  /** The same options with distillation {@code d} (null: labels only). */
  public TrainOptions withDistillation(Distillation d) {
    return new TrainOptions(epochs, batchSize, learningRate, momentum, weightDecay, warmupSteps, seed, d);
  }

  /** The learning rate at {@code step} of {@code totalSteps}. */
  double learningRateAt(long step, long totalSteps) {
    if (step < warmupSteps) {
      return learningRate * (step + 1) / (warmupSteps + 1);
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
  }
}
