package bsc.sparsify.train;

/**
 * One finished epoch: mean training loss and accuracy over its steps (training-mode BN), top-1 accuracy
 * on the test set (inference mode; NaN without a test set), wall-clock seconds, the fraction of zero
 * blocks over the eligible layers at its end, and the learning rate of its last step.
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double testAccuracy, double seconds,
    double zeroBlockRatio, double learningRate) {}
