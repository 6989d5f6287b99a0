package bsc.cli.sweep;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.Aie2Target;
import bsc.aie2.CompiledProgram;
import bsc.aie2.lower.LowerOptions;
import bsc.cli.compile.CompilePipeline;
import bsc.cli.compile.PrunedModel;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.sim.timing.LayerBound;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs combinations as {@code bsc compile} does ({@link CompilePipeline}: canonical passes, the paper's pruning
 * with all convs but the first pruned and the classifier on the host, ratio 0 keeping the model's own zeros),
 * sharing work between rows: each model is imported and canonicalized once, each (model, block, sparsity)
 * pruned once, and each dense baseline compiled and simulated once per (model, block, array, timing model).
 * Everything is dropped after its last use.
 *
 * <p>The dense baseline is the paper's {@code nocompression}: the pruned model compiled without compaction, so
 * every block is moved and computed. That program does not depend on which blocks are zero, so it is compiled
 * once per array, from the model pruned at ratio 0, instead of once per row as {@link CompilePipeline#compile}
 * does (which would double a sweep's work). A test pins that both give the same rows.
 */
public final class PipelineRunner implements CombinationRunner {
  private final Map<String, Aie2Target> targets;
  private final SharedValues<String, CompilePipeline> pipelines;
  private final SharedValues<Combination.Group, PrunedModel> pruned;
  private final SharedValues<Combination, Outcome> dense;

  /** A dense baseline, or why it failed. */
  private record Outcome(SweepRow.Program program, String failure) {}

  /**
   * @param loader the graph of a MODEL argument, as imported (canonicalized by the pipeline)
   * @param targets the target of every array the combinations name
   * @param todo the combinations this runner will be asked for, to plan when shared values can be dropped
   */
  public PipelineRunner(Function<String, Graph> loader, Map<String, Aie2Target> targets, List<Combination> todo) {
    this.targets = Map.copyOf(targets);
    Map<String, Integer> modelUses = new HashMap<>();
    Map<Combination.Group, Integer> groupUses = new HashMap<>();
    Map<Combination, Integer> denseUses = new HashMap<>();
    for (Combination c : todo) {
      if (groupUses.merge(c.group(), 1, Integer::sum) == 1) {
        modelUses.merge(c.model(), 1, Integer::sum);
      }
      if (denseUses.merge(denseKey(c), 1, Integer::sum) == 1
          && groupUses.merge(denseKey(c).group(), 1, Integer::sum) == 1) {
        modelUses.merge(c.model(), 1, Integer::sum);
      }
    }
    this.pipelines = new SharedValues<>(modelUses, m -> new CompilePipeline(m, loader.apply(m)));
    this.pruned = new SharedValues<>(groupUses, this::prune);
    this.dense = new SharedValues<>(denseUses, this::compileDense);
  }

  @Override
  public SweepRow run(Combination c) {
    Outcome d = dense.get(denseKey(c));
    if (d.failure() != null) {
      return SweepRow.failed(c, null, "dense baseline: " + d.failure());
    }
    try {
      return measure(c, pruned.get(c.group()), true, d.program());
    } catch (BscException e) {
      return SweepRow.failed(c, d.program(), "prune: " + e.getMessage());
    } finally {
      pruned.release(c.group());
    }
  }

  @Override
  public void done(Combination c) {
    dense.release(denseKey(c));
  }

  /** The baseline's key: the combination at ratio 0 (the baseline does not depend on the ratio). */
  private static Combination denseKey(Combination c) {
    return new Combination(c.model(), c.block(), BigDecimal.ZERO, c.array(), c.timing());
  }

  private PrunedModel prune(Combination.Group g) {
    try {
      return pipelines.get(g.model()).prune(g.block(), g.sparsity().doubleValue());
    } finally {
      pipelines.release(g.model());
    }
  }

  private Outcome compileDense(Combination key) {
    try {
      SweepRow row = measure(key, pruned.get(key.group()), false, null);
      return new Outcome(row.sparse(), row.ok() ? null : row.reason());
    } catch (BscException e) {
      return new Outcome(null, "prune: " + e.getMessage());
    } finally {
      pruned.release(key.group());
    }
  }

  /**
   * Compiles (and verifies) the pruned model for the combination's array with or without compaction, with the
   * options {@link CompilePipeline} uses, and simulates it; the program is the row's sparse one, or its failure
   * the reason.
   */
  private SweepRow measure(Combination c, PrunedModel m, boolean compaction, SweepRow.Program densePart) {
    CompiledProgram p;
    try {
      LowerOptions o = new LowerOptions(compaction, true, m.sparsity(), m.block().toString());
      p = Aie2Compiler.compile(m.graph(), targets.get(c.array()), o);
    } catch (BscException e) {
      return SweepRow.failed(c, densePart, "compile: " + e.getMessage());
    }
    SimulationResult r;
    try {
      r = Simulator.simulate(p.program(), TimingModel.parse(c.timing()));
    } catch (BscException e) {
      return SweepRow.failed(c, densePart, "simulate: " + e.getMessage());
    }
    SweepRow.Program measured = program(r, p.program().settings().weightsFileBytes());
    return densePart == null ? new SweepRow(c, measured, measured, "") : SweepRow.ok(c, densePart, measured);
  }

  /** What a row keeps of a simulation. */
  static SweepRow.Program program(SimulationResult r, long weightBytes) {
    Map<LayerBound.Limiter, Double> shares = r.boundShares();
    double[] s = {shares.get(LayerBound.Limiter.COMPUTE), shares.get(LayerBound.Limiter.WEIGHTS),
        shares.get(LayerBound.Limiter.ACTIVATIONS), shares.get(LayerBound.Limiter.DDR)};
    return new SweepRow.Program(r.totalCycles(), r.latencyMillis(), weightBytes, s);
  }
}
