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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
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
  private final boolean parallelPair;
  private volatile Long ownZeroBlocks;

  /**
   * {@code graph} as imported or built; the canonical passes run here, once. Each compile lowers, verifies and
   * simulates the dense baseline on a second thread beside the compacted program (the pair is independent).
   */
  public CompilePipeline(String model, Graph graph) {
    this(model, graph, true);
  }

  /** As above; {@code parallelPair} false compiles the pair on the calling thread (for callers with their own pool). */
  public CompilePipeline(String model, Graph graph, boolean parallelPair) {
    this.model = model;
    this.parallelPair = parallelPair;
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
    // The program's blocks are the array's 8x8 whatever the pruning block: the lowering lays out 8x8 chunks and
    // the simulator models the kernel for the block the program records. A 4x8 pruning helps only where both
    // halves of an 8x8 block end up zero.
    LowerOptions lower = new LowerOptions(true, o.excludeClassifier(), o.sparsity(), BlockShape.AIE2_DEFAULT.toString());
    long t0 = System.nanoTime();
    QuantizedModel q = quantizer == null ? null : quantizer.apply(pruned.graph());
    long t1 = System.nanoTime();
    Callable<Half> denseHalf = () -> half(pruned.graph(), q, o, lower.withCompaction(false), !o.compaction());
    Half dense;
    Half sparse;
    if (parallelPair) {
      FutureTask<Half> task = new FutureTask<>(denseHalf);
      Thread t = new Thread(task, "bsc-compile-dense-baseline");
      t.setDaemon(true);
      t.start();
      sparse = half(pruned.graph(), q, o, lower, o.compaction());
      dense = join(task);
    } else {
      dense = call(denseHalf);
      sparse = half(pruned.graph(), q, o, lower, o.compaction());
    }
    long t2 = System.nanoTime();
    double compactionAlone = compactionAlone(o, lower, dense.time());
    LOG.debug("{} on {}: quantize {} ms, lower, verify and simulate both programs {} ms{}", model,
        o.target().name(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, o.trace() ? " (with trace)" : "");
    byte[] trace = o.compaction() ? sparse.trace() : dense.trace();
    return new CompileResult(model, o, pruned, q, dense.program(), sparse.program(), dense.time(),
        sparse.time(), trace, LayerRows.of(pruned, dense.program(), sparse.program(), dense.time(), sparse.time()),
        compactionAlone);
  }

  /** One program of the pair, its simulation and, for the primary one when asked, its trace. */
  private record Half(CompiledProgram program, SimulationResult time, byte[] trace) {}

  private Half half(Graph g, QuantizedModel q, CompileOptions o, LowerOptions lower, boolean primary) {
    CompiledProgram p = lower(g, q, o, lower);
    if (primary && o.trace()) {
      Simulator.Traced t = Simulator.simulateWithTrace(p.program(), o.timing());
      return new Half(p, t.result(), t.traceJson());
    }
    return new Half(p, Simulator.simulate(p.program(), o.timing()), null);
  }

  private static Half join(FutureTask<Half> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling the dense baseline", e);
    } catch (ExecutionException e) {
      return rethrow(e.getCause());
    }
  }

  private static Half call(Callable<Half> c) {
    try {
      return c.call();
    } catch (Exception e) {
      return rethrow(e);
    }
  }

  private static Half rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
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
