package bsc.ir.passes;

import bsc.ir.BscException;
import bsc.ir.Graph;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs passes in order, optionally verifying the graph after each one, and records which passes changed
 * it. A pass manager is itself a {@link Pass}, so pipelines nest.
 */
public final class PassManager implements Pass {
  private static final Logger LOG = LoggerFactory.getLogger(PassManager.class);

  private final String name;
  private final List<Pass> passes;
  private final boolean verifyEach;

  /** What one pass did in a run. */
  public record Step(String pass, boolean changed) {}

  /** The final graph and one {@link Step} per pass, in order. */
  public record Result(Graph graph, List<Step> steps) {
    public Result {
      steps = List.copyOf(steps);
    }

    /** Whether the pass named {@code pass} changed the graph (false when it did not run). */
    public boolean changed(String pass) {
      return steps.stream().anyMatch(s -> s.pass().equals(pass) && s.changed());
    }
  }

  public PassManager(String name, List<Pass> passes, boolean verifyEach) {
    this.name = name;
    this.passes = List.copyOf(passes);
    this.verifyEach = verifyEach;
  }

  /**
   * The canonical pipeline that every model goes through after import, in order. Each pass exposes
   * patterns for the next: copies go first so producers meet consumers, constant shape chains are folded
   * before anything matches on Reshape, BN folds before the activation fuses (the activation comes after
   * the BN), and dead code is collected once at the end.
   */
  public static PassManager canonical() {
    return new PassManager("canonicalize", List.of(
        new RemoveIdentity(),           // Identity, inference Dropout
        new FoldShapeComputations(),    // Shape/Gather/Concat chains -> initializers; no-op Reshape/Flatten
        new FoldBatchNorm(),            // Conv + BatchNormalization -> Conv
        new FuseActivation(),           // Conv + Relu/Clip/LeakyRelu -> Conv {activation}
        new GemmToConv(),               // Gemm/MatMul on pooled features -> Conv 1x1 + Flatten
        new DeadCodeElimination()),     // unreachable nodes, unused initializers
        true);
  }

  public PassManager withVerification(boolean verify) {
    return new PassManager(name, passes, verify);
  }

  public List<Pass> passes() {
    return passes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Graph run(Graph g) {
    return runRecorded(g).graph();
  }

  /** Runs every pass and reports which changed the graph. */
  public Result runRecorded(Graph g) {
    if (verifyEach) {
      verify(g, "before " + name);
    }
    List<Step> steps = new ArrayList<>();
    Graph current = g;
    for (Pass p : passes) {
      Graph next = p.run(current);
      boolean changed = next != current;
      steps.add(new Step(p.name(), changed));
      LOG.debug("{}: {}", p.name(), changed ? "changed, now " + next.nodes().size() + " nodes" : "no change");
      if (verifyEach && changed) {
        verify(next, "after pass " + p.name());
      }
      current = next;
    }
    return new Result(current, steps);
  }

  private static void verify(Graph g, String when) {
    try {
      Verifier.verify(g);
    } catch (BscException e) {
      throw e.within(when);
    }
  }
}
