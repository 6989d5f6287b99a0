package bsc.sparsify.train;

import bsc.sparsify.PruneOptions;

/**
 * When blocks are zeroed during a training run (paper-facts.md section 2.2). {@link Dense}: never.
 * {@link OneShot}, method (a): score every block of the trained model once, zero the lowest fraction before
 * the first step, and fine-tune with that mask for the whole run. {@link Incremental}, method (b): in
 * rounds spread evenly over the run, each zeroing at most {@code maxFractionPerRound} of every layer's
 * remaining blocks (at least one), until the layer reaches its target; every round is followed by
 * fine-tuning. Both keep the masks fixed between rounds and spend the same number of steps.
 */
public sealed interface PruneSchedule {
  /** The paper's Keras code zeroes at most 20% of the remaining eligible blocks per round (paper-facts.md 2.2b). */
  double PAPER_ROUND_FRACTION = 0.2;

  record Dense() implements PruneSchedule {}

  record OneShot(PruneOptions prune) implements PruneSchedule {}

  record Incremental(PruneOptions prune, double maxFractionPerRound) implements PruneSchedule {
    public Incremental {
      if (!(maxFractionPerRound > 0) || maxFractionPerRound > 1) {
        throw new IllegalArgumentException("fraction per round must be in (0, 1], got " + maxFractionPerRound);
      }
    }
  }

  /** The pruning options, or null for dense training. */
  default PruneOptions options() {
    if (this instanceof OneShot o) {
      return o.prune();
    }
    if (this instanceof Incremental i) {
      return i.prune();
    }
    return null;
  }

  /** A short description for reports and checkpoints, e.g. {@code oneshot 8x8 0.5 l2}. */
  default String describe() {
    PruneOptions p = options();
    if (p == null) {
      return "dense";
    }
    String kind = this instanceof OneShot ? "oneshot" : "incremental";
    return kind + " " + p.block() + " " + p.ratio() + " " + p.criterion().id();
  }
}
