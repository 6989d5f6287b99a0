package bsc.cli.compile;

import bsc.aie2.Aie2Target;
import bsc.ir.BscException;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.BlockShape;

/**
 * One compilation of a model: the pruning (block shape, fraction of zero blocks per eligible layer; 0 keeps
 * the model's own zeros), the array, the timing model, whether the written program compacts its weights, and
 * whether the trailing classifier stays on the host as in the paper's estimates (paper-facts.md 2.3).
 * {@code trace} asks for the Chrome trace of the primary program (it costs a second recording pass of the
 * event engine's steps, so a sweep leaves it off).
 */
public record CompileOptions(BlockShape block, double sparsity, Aie2Target target, TimingModel timing,
    boolean compaction, boolean excludeClassifier, boolean trace) {
  public CompileOptions {
    if (Double.isNaN(sparsity) || sparsity < 0 || sparsity >= 1) {
      throw new BscException("--sparsity", "must be in [0, 1), got " + sparsity);
    }
    if (block == null || target == null || timing == null) {
      throw new IllegalArgumentException("block, target and timing are required");
    }
  }

  /** The paper's setting on {@code target}: 8x8 blocks, 50% sparsity, detailed timing, classifier on the host. */
  public static CompileOptions paper(Aie2Target target) {
    return new CompileOptions(BlockShape.AIE2_DEFAULT, 0.5, target, new TimingModel.Detailed(), true, true, false);
  }

  public CompileOptions withBlock(BlockShape b) {
    return new CompileOptions(b, sparsity, target, timing, compaction, excludeClassifier, trace);
  }

  public CompileOptions withSparsity(double s) {
    return new CompileOptions(block, s, target, timing, compaction, excludeClassifier, trace);
  }

  public CompileOptions withTarget(Aie2Target t) {
    return new CompileOptions(block, sparsity, t, timing, compaction, excludeClassifier, trace);
  }

  public CompileOptions withTiming(TimingModel m) {
    return new CompileOptions(block, sparsity, target, m, compaction, excludeClassifier, trace);
  }

  public CompileOptions withCompaction(boolean c) {
    return new CompileOptions(block, sparsity, target, timing, c, excludeClassifier, trace);
  }

  public CompileOptions withExcludeClassifier(boolean e) {
    return new CompileOptions(block, sparsity, target, timing, compaction, e, trace);
  }

  public CompileOptions withTrace(boolean t) {
    return new CompileOptions(block, sparsity, target, timing, compaction, excludeClassifier, t);
  }
}
