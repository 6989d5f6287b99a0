package bsc.cli.compile;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.lower.LowerOptions;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sparsify.BlockShape;
import bsc.sparsify.PrunableLayer;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.QuantizedModel;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bsc compile} as a library: one model, canonicalized once, then for each {@link CompileOptions}
 * pruned, lowered twice (the dense baseline: the same pruned model without compaction, the paper's
 * {@code nocompression}; and the compacted program), verified, and simulated, with per-layer rows that say
 * why a layer gained little. Pure and deterministic: no files, no printing, no randomness.
 *
 * <p>Thread-safe: the canonical graph and every {@link PrunedModel} are immutable, so a sweep prunes each
 * (block, sparsity) once with {@link #prune} and compiles it for many arrays and timing models in parallel
 * with {@link #compile(PrunedModel, CompileOptions)}. The caller decides how many pruned models it keeps
 * alive (each holds a copy of the pruned layers' weights).
 */
public final class CompilePipeline {
  private static final Logger LOG = LoggerFactory.getLogger(CompilePipeline.class);
  private final String model;
  private final Graph canonical;
  private volatile Long ownZeroBlocks;

  /** {@code graph} as imported or built; the canonical passes run here, once. */
  public CompilePipeline(String model, Graph graph) {
    this.model = model;
    long t0 = System.nanoTime();
    this.canonical = PassManager.canonical().run(graph);
    LOG.debug("{}: canonical passes {} ms", model, millis(t0));
  }

  public String model() {
    return model;
  }

  public Graph canonical() {
    return canonical;
  }

  /**
   * The canonical model pruned in {@code block}s to {@code sparsity} zero blocks per eligible layer (all convs
   * but the first; classifier, depthwise and grouped convs stay dense, paper-facts.md 2.3); 0 keeps the
   * model's own zeros.
   */
  public PrunedModel prune(BlockShape block, double sparsity) {
    PruneOptions o = PruneOptions.paper(0.5).withBlock(block).withRatio(sparsity == 0 ? null : sparsity);
    long t0 = System.nanoTime();
    Pruner.Result r = Pruner.prune(canonical, o, false);
    LOG.debug("{}: pruned {} blocks to {} in {} ms", model, block, sparsity, millis(t0));
    return new PrunedModel(model, block, sparsity, r.graph(), r.masks());
  }

  /** Prunes and compiles (timing-only weights). */
  public CompileResult compile(CompileOptions o) {
    return compile(prune(o.block(), o.sparsity()), o);
  }

  /** Compiles an already pruned model with timing-only weights (weights.bin: real chunk structure, zero values). */
  public CompileResult compile(PrunedModel pruned, CompileOptions o) {
    return compile(pruned, o, null);
  }

  /**
   * Compiles {@code pruned}; with {@code quantizer}, both programs are compiled from the INT8 model it returns
   * for the pruned graph (weights.bin then holds real INT8 weights, biases and shifts).
   */
  public CompileResult compile(PrunedModel pruned, CompileOptions o, Function<Graph, QuantizedModel> quantizer) {
    if (!pruned.block().equals(o.block()) || pruned.sparsity() != o.sparsity()) {
      throw new IllegalArgumentException("model pruned for " + pruned.block() + " at " + pruned.sparsity()
          + ", options ask for " + o.block() + " at " + o.sparsity());
    }
    LowerOptions lower = new LowerOptions(true, o.excludeClassifier(), o.sparsity(), o.block().toString());
    long t0 = System.nanoTime();
    QuantizedModel q = quantizer == null ? null : quantizer.apply(pruned.graph());
    long t1 = System.nanoTime();
    CompiledProgram dense = lower(pruned.graph(), q, o, lower.withCompaction(false));
    CompiledProgram sparse = lower(pruned.graph(), q, o, lower);
    long t2 = System.nanoTime();
    SimulationResult denseTime;
    SimulationResult sparseTime;
    byte[] trace = null;
    CompiledProgram primary = o.compaction() ? sparse : dense;
    if (o.trace()) {
      Simulator.Traced t = Simulator.simulateWithTrace(primary.program(), o.timing());
      trace = t.traceJson();
      denseTime = o.compaction() ? Simulator.simulate(dense.program(), o.timing()) : t.result();
      sparseTime = o.compaction() ? t.result() : Simulator.simulate(sparse.program(), o.timing());
    } else {
      denseTime = Simulator.simulate(dense.program(), o.timing());
      sparseTime = Simulator.simulate(sparse.program(), o.timing());
    }
    long t3 = System.nanoTime();
    double compactionAlone = compactionAlone(o, lower, denseTime);
    LOG.debug("{} on {}: quantize {} ms, lower and verify twice {} ms, simulate {} ms{}", model, o.target().name(),
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, o.trace() ? " (with trace)" : "");
    return new CompileResult(model, o, pruned, q != null, dense, sparse, denseTime, sparseTime, trace,
        LayerRows.of(pruned, dense, sparse, denseTime, sparseTime), compactionAlone);
  }

  private CompiledProgram lower(Graph g, QuantizedModel q, CompileOptions o, LowerOptions lower) {
    try {
      return q == null ? Aie2Compiler.compile(g, o.target(), lower) : Aie2Compiler.compile(q, o.target(), lower);
    } catch (BscException e) {
      throw e.within("compiling " + model + " for " + o.target().name());
    }
  }

  /**
   * Speed-up from compaction alone, on the model as given (before bsc prunes it): exactly 1 when it has no
   * all-zero 8x8 block (the compacted program is then the uncompacted one), else measured by compiling it.
   */
  private double compactionAlone(CompileOptions o, LowerOptions lower, SimulationResult denseTime) {
    if (ownZeroBlocks() == 0) {
      return 1.0;
    }
    CompiledProgram own = lower(canonical, null, o, lower);
    SimulationResult t = Simulator.simulate(own.program(), o.timing());
    return (double) denseTime.totalCycles() / t.totalCycles();
  }

  private static long millis(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** All-zero hardware (8x8) blocks in the canonical model's conv and FC weights, counted once. */
  public long ownZeroBlocks() {
    Long n = ownZeroBlocks;
    if (n == null) {
      long z = 0;
      for (PrunableLayer l : PrunableLayer.find(canonical)) {
        z += l.grid(BlockShape.AIE2_DEFAULT).zeroBlocks(canonical.initializer(l.weight()));
      }
      ownZeroBlocks = n = z;
    }
    return n;
  }
}
