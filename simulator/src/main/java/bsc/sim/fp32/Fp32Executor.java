package bsc.sim.fp32;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a typed graph in FP32 (and the integer types of shape computations) on ND4J, one small kernel
 * per op kind. Every intermediate buffer is freed right after its last consumer has run, so peak
 * memory follows the widest point of the graph. Weights are converted to ND4J arrays once, at
 * construction, and reused by every run. Inputs must have the graph's input shapes; {@link Fp32Runner}
 * adapts batches and other shapes.
 */
public final class Fp32Executor implements AutoCloseable {
  private final Graph graph;
  /** The graph's nodes as run: residual Adds folded into their convs ({@link ResidualFusion}). */
  private final List<Node> plan;
  private final Map<String, INDArray> constants = new HashMap<>();
  /** Weights re-laid out by kernels (e.g. transposed for a GEMM), made on first use. */
  private final Map<String, INDArray> prepared = new java.util.concurrent.ConcurrentHashMap<>();
  /** oneDNN conv primitives with their reordered weights, per node and input shape, made on first use. */
  private final Map<String, DnnlConv> primitives = new java.util.concurrent.ConcurrentHashMap<>();
  /** For each node, the values whose last reader it is (freed right after it runs). */
  private final List<List<String>> deaths;
  /** Buffers of dead intermediates, reused by later allocations of this executor's runs. */
  private final BufferPool pool = new BufferPool();
  private long lastPeakBytes;

  public Fp32Executor(Graph graph) {
    this(graph, Nd4jRuntime.DEFAULT_THREADS);
  }

  public Fp32Executor(Graph graph, int threads) {
    this(graph, threads, new HashMap<>());
  }

  /** Shares converted weights through {@code weightCache} with other executors of the same model. */
  Fp32Executor(Graph graph, int threads, Map<String, INDArray> weightCache) {
    Nd4jRuntime.start(threads);
    this.graph = graph;
    for (Node n : graph.nodes()) {
      Kernels.of(n.op()); // fails early for an op without a kernel
      for (String in : n.inputs()) {
        if (!in.isEmpty() && graph.isInitializer(in) && !constants.containsKey(in)) {
          constants.put(in, weightCache.computeIfAbsent(in, k -> NdArrays.fromTensor(graph.initializer(k))));
        }
      }
    }
    for (Value v : graph.outputs()) {
      if (graph.isInitializer(v.name()) && !constants.containsKey(v.name())) {
        constants.put(v.name(), NdArrays.fromTensor(graph.initializer(v.name())));
      }
    }
    this.plan = List.copyOf(ResidualFusion.plan(graph));
    this.deaths = LiveRanges.deaths(graph, plan);
  }

  public Graph graph() {
    return graph;
  }

  /** The nodes in the order they run (what {@link #runArrays(Map, long[])}'s per-node times index). */
  List<Node> plan() {
    return plan;
  }

  /** Runs on IR tensors; returns the graph outputs by name, in the graph's order. */
  public Map<String, Tensor> run(Map<String, Tensor> inputs) {
    Map<String, INDArray> in = new HashMap<>();
    for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
      in.put(e.getKey(), NdArrays.fromTensor(e.getValue()));
    }
    Map<String, Tensor> r = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, INDArray> e : runArrays(in).entrySet()) {
        r.put(e.getKey(), NdArrays.toTensor(e.getValue()));
        NdArrays.free(e.getValue());
      }
    } finally {
      in.values().forEach(NdArrays::free);
    }
    return r;
  }

  /**
   * Runs on ND4J arrays. The inputs stay the caller's (never freed or changed); the returned outputs
   * are new arrays the caller owns.
   */
  public Map<String, INDArray> runArrays(Map<String, INDArray> inputs) {
    return runArrays(inputs, null);
  }

  /** As {@link #runArrays(Map)}; when {@code nodeNanos} is given, adds each node's time to its slot. */
  Map<String, INDArray> runArrays(Map<String, INDArray> inputs, long[] nodeNanos) {
    ValueStore store = new ValueStore(pool);
    try {
      for (Value v : graph.inputs()) {
        INDArray a = inputs.get(v.name());
        if (a == null) {
          throw new BscException("graph input " + v.name(), "no value given");
        }
        store.putPinned(v.name(), a);
      }
      for (Map.Entry<String, INDArray> e : constants.entrySet()) {
        store.putPinned(e.getKey(), e.getValue());
      }
      List<Node> nodes = plan;
      for (int i = 0; i < nodes.size(); i++) {
        Node n = nodes.get(i);
        long t0 = nodeNanos == null ? 0 : System.nanoTime();
        execute(n, new KernelContext(n, store, pool, prepared, constants.keySet(), deaths.get(i), primitives));
        for (String dead : deaths.get(i)) {
          store.drop(dead);
        }
        if (nodeNanos != null) {
          nodeNanos[i] += System.nanoTime() - t0;
        }
      }
      Map<String, INDArray> out = new LinkedHashMap<>();
      for (Value v : graph.outputs()) {
        out.put(v.name(), out.containsKey(v.name()) ? out.get(v.name()).dup() : store.take(v.name()));
      }
      lastPeakBytes = store.peakBytes();
      return out;
    } finally {
      store.clear();
    }
  }

  /** Peak bytes of live intermediate values in the last run (weights and inputs excluded). */
  public long lastPeakBytes() {
    return lastPeakBytes;
  }

  /** Frees the native oneDNN primitives and their weights; the executor must not run afterwards. */
  @Override
  public void close() {
    primitives.values().forEach(DnnlConv::close);
    primitives.clear();
  }

  /** Buffers of intermediates this executor keeps for reuse between runs. */
  int pooledBuffers() {
    return pool.ownedBuffers();
  }

  private static void execute(Node n, KernelContext ctx) {
    try {
      Kernels.of(n.op()).run(n, ctx);
    } catch (BscException e) {
      throw e.where().startsWith(ctx.where()) ? e : e.within(ctx.where());
    } catch (RuntimeException e) {
      throw new IllegalStateException(ctx.where() + ": " + e.getMessage(), e);
    }
  }
}
