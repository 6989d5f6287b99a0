package bsc.sparsify;

import bsc.ir.BscException;

/**
 * What to prune and how. {@code ratio} is the target fraction of zero blocks per eligible layer, or null
 * to keep the zeros the model already has (a model pruned and fine-tuned elsewhere).
 */
public record PruneOptions(
    BlockShape block,
    Double ratio,
    Criterion criterion,
    boolean bnAware,
    Policy policy,
    SparsityPlan plan,
    boolean includeFc,
    boolean pruneFirstConv,
    boolean noEmptyLines,
    int balance) {

  /** Uniform: every eligible layer gets the ratio. Global: one score threshold over all eligible layers. */
  public enum Policy {
    UNIFORM,
    GLOBAL
  }

  public PruneOptions {
    if (ratio != null && (ratio.isNaN() || ratio < 0 || ratio >= 1)) {
      throw new BscException("--sparsity", "ratio must be in [0, 1), got " + ratio);
    }
    if (balance < 0) {
      throw new BscException("--balance", "must be a positive number of groups, got " + balance);
    }
  }

  /** The paper's setting: 8x8 blocks, L2 scores, uniform ratio, first conv and classifier dense. */
  public static PruneOptions paper(double ratio) {
    return new PruneOptions(BlockShape.AIE2_DEFAULT, ratio, Criterion.L2, false, Policy.UNIFORM, null,
        false, false, false, 0);
  }

  public PruneOptions withBlock(BlockShape b) {
    return new PruneOptions(b, ratio, criterion, bnAware, policy, plan, includeFc, pruneFirstConv, noEmptyLines, balance);
  }

  public PruneOptions withRatio(Double r) {
    return new PruneOptions(block, r, criterion, bnAware, policy, plan, includeFc, pruneFirstConv, noEmptyLines, balance);
  }

  public PruneOptions withConstraints(boolean noEmpty, int k) {
    return new PruneOptions(block, ratio, criterion, bnAware, policy, plan, includeFc, pruneFirstConv, noEmpty, k);
  }

  public PruneOptions withPlan(SparsityPlan p) {
    return new PruneOptions(block, ratio, criterion, bnAware, policy, p, includeFc, pruneFirstConv, noEmptyLines, balance);
  }

  public PruneOptions withPolicy(Policy p, Criterion c, boolean bn) {
    return new PruneOptions(block, ratio, c, bn, p, plan, includeFc, pruneFirstConv, noEmptyLines, balance);
  }

  public PruneOptions withEligibility(boolean fc, boolean firstConv) {
    return new PruneOptions(block, ratio, criterion, bnAware, policy, plan, fc, firstConv, noEmptyLines, balance);
  }
}
