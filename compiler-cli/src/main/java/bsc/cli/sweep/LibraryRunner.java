package bsc.cli.sweep;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.Aie2Target;
import bsc.aie2.CompiledProgram;
import bsc.aie2.lower.LowerOptions;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.sim.timing.LayerBound;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.BlockShape;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs combinations with the library stages, sharing work between rows: each model is imported and
 * canonicalized once, each (model, block, sparsity) pruned once, and each dense baseline compiled and simulated
 * once per (model, block, array, timing model), since it is the same for every sparsity (below). Everything is
 * dropped after its last use.
 *
 * <p>The paper's setting (paper-facts.md 2.3): all convs but the first pruned to the ratio in blocks, the
 * classifier left to the host. The dense baseline is the paper's {@code nocompression}: the model with its
 * block masks compiled without compaction, so every block is moved and computed. Such a program does not depend
 * on which blocks are zero, so it is compiled once, from the model pruned at ratio 0 (a test pins that it equals
 * the baseline compiled from each ratio's own pruned model).
 */
public final class LibraryRunner implements CombinationRunner {
  private final Map<String, Aie2Target> targets;
  private final SharedValues<String, Graph> models;
  private final SharedValues<Combination.Group, Graph> pruned;
  private final SharedValues<Combination, Outcome> dense;

  /** A dense baseline, or why it failed. */
  private record Outcome(SweepRow.Program program, String failure) {}

  /**
   * @param loader the graph of a MODEL argument, as imported (canonicalized here)
   * @param targets the target of every array the combinations name
   * @param todo the combinations this runner will be asked for, to plan when shared values can be dropped
   */
  public LibraryRunner(Function<String, Graph> loader, Map<String, Aie2Target> targets, List<Combination> todo) {
    this.targets = Map.copyOf(targets);
    Map<String, Integer> modelUses = new HashMap<>();
    Map<Combination.Group, Integer> groupUses = new HashMap<>();
    Map<Combination, Integer> denseUses = new HashMap<>();
    for (Combination c : todo) {
      if (groupUses.merge(c.group(), 1, Integer::sum) == 1) {
        modelUses.merge(c.model(), 1, Integer::sum);
      }
      if (denseUses.merge(denseKey(c), 1, Integer::sum) == 1) {
        if (groupUses.merge(denseKey(c).group(), 1, Integer::sum) == 1) {
          modelUses.merge(c.model(), 1, Integer::sum);
        }
      }
    }
    this.models = new SharedValues<>(modelUses, m -> PassManager.canonical().run(loader.apply(m)));
    this.pruned = new SharedValues<>(groupUses, this::prune);
    this.dense = new SharedValues<>(denseUses, this::compileDense);
  }

  @Override
  public SweepRow run(Combination c) {
    Outcome d = dense.get(denseKey(c));
    if (d.failure() != null) {
      return SweepRow.failed(c, null, "dense baseline: " + d.failure());
    }
    Graph g;
    try {
      g = pruned.get(c.group());
    } catch (BscException e) {
      return SweepRow.failed(c, d.program(), "prune: " + e.getMessage());
    }
    try {
      return measure(c, g, true, d.program());
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

  private Graph prune(Combination.Group g) {
    Graph model;
    try {
      model = models.get(g.model());
    } finally {
      models.release(g.model());
    }
    return prune(model, g.block(), g.sparsity().doubleValue());
  }

  /** The paper's pruning (all convs but the first, classifier dense) at {@code ratio} in {@code block}s. */
  static Graph prune(Graph canonical, BlockShape block, double ratio) {
    return Pruner.prune(canonical, PruneOptions.paper(ratio).withBlock(block)).graph();
  }

  private Outcome compileDense(Combination key) {
    Graph g;
    try {
      g = pruned.get(key.group());
    } catch (BscException e) {
      return new Outcome(null, "prune: " + e.getMessage());
    }
    try {
      SweepRow row = measure(key, g, false, null);
      return new Outcome(row.sparse(), row.ok() ? null : row.reason());
    } finally {
      pruned.release(key.group());
    }
  }

  /**
   * Compiles (and verifies) {@code g} for the combination's array with or without compaction and simulates it;
   * the program is the row's sparse one, or its failure the reason.
   */
  private SweepRow measure(Combination c, Graph g, boolean compaction, SweepRow.Program densePart) {
    CompiledProgram p;
    try {
      LowerOptions o = new LowerOptions(compaction, true, c.sparsity().doubleValue(), c.block().toString());
      p = Aie2Compiler.compile(g, targets.get(c.array()), o);
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
