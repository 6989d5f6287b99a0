package bsc.sparsify.train;

import bsc.ir.Graph;
import bsc.sparsify.BlockShape;
import bsc.sparsify.PruneOptions;

/** Shared pieces of the training tests: Fashion-MNIST slices (read once) and run helpers. */
final class TrainingRuns {
  static final LabeledImages TRAIN = LabeledImages.fashionMnist(true, 2048);
  static final LabeledImages TEST = LabeledImages.fashionMnist(false, 1000);

  private TrainingRuns() {}

  static TrainOptions options(int epochs, int batch, double lr) {
    return new TrainOptions(epochs, batch, lr, 0.9, 5e-4, 0, 7, null);
  }

  static PruneOptions blocks(double ratio, int side) {
    return PruneOptions.paper(ratio).withBlock(new BlockShape(side, side));
  }

  static BlockSparseTrainer.Result run(Graph g, LabeledImages train, TrainOptions o, PruneSchedule s,
      TrainingListener l, Checkpoint resume) {
    return new BlockSparseTrainer(g, train, null, o, s, l).run(resume);
  }
}
