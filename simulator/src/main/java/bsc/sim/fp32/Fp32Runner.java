package bsc.sim.fp32;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a model on user-supplied inputs: checks names, element types and shapes, and adapts the graph
 * to the shapes given. An input may have the model's shape, fill its symbolic dimensions, be a batch
 * (another leading extent), or lack a leading unit batch axis. A graph whose shapes cannot be re-inferred
 * for a batch (a Reshape with the batch written into it) runs one sample at a time.
 */
public final class Fp32Runner implements AutoCloseable {
  private final Graph graph;
  private final int threads;
  private final Map<String, INDArray> weights = new HashMap<>();
  private final Map<List<Shape>, Fp32Executor> executors = new HashMap<>();

  public Fp32Runner(Graph graph) {
    this(graph, Nd4jRuntime.DEFAULT_THREADS);
  }

  public Fp32Runner(Graph graph, int threads) {
    this.graph = graph;
    this.threads = threads;
  }

  /** Runs on the given inputs (by graph input name); returns the outputs in the graph's order. */
  public Map<String, Tensor> run(Map<String, Tensor> inputs) {
    Map<String, Tensor> fitted = fit(inputs);
    List<Shape> shapes = new ArrayList<>();
    for (Value v : graph.inputs()) {
      shapes.add(fitted.get(v.name()).shape());
    }
    Fp32Executor exec = executors.get(shapes);
    if (exec == null && !executors.containsKey(shapes)) {
      exec = bind(shapes);
      executors.put(shapes, exec);
    }
    return exec != null ? exec.run(fitted) : runPerSample(fitted);
  }

  /** Checks the inputs against the graph's and adds a missing unit batch axis. */
  private Map<String, Tensor> fit(Map<String, Tensor> inputs) {
    for (String name : inputs.keySet()) {
      if (graph.inputs().stream().noneMatch(v -> v.name().equals(name))) {
        throw new BscException("input " + name, "the model has no such input (inputs: " + inputNames() + ")");
      }
    }
    Map<String, Tensor> r = new LinkedHashMap<>();
    for (Value v : graph.inputs()) {
      Tensor t = inputs.get(v.name());
      if (t == null) {
        throw new BscException("input " + v.name(), "missing (the model needs " + inputNames() + ")");
      }
      if (t.dtype() != v.type().dtype()) {
        throw new BscException("input " + v.name(), "element type " + t.dtype().shortName()
            + " does not match the model's " + v.type().dtype().shortName());
      }
      r.put(v.name(), withShape(v, t));
    }
    return r;
  }

  private static Tensor withShape(Value v, Tensor t) {
    Shape want = v.type().shape();
    Shape got = t.shape();
    if (got.rank() == want.rank() && matches(want, got, 1)) {
      return t;
    }
    if (got.rank() == want.rank() - 1 && want.rank() > 0 && (want.dim(0) == 1 || want.dim(0) == Shape.UNKNOWN)) {
      long[] d = new long[want.rank()];
      d[0] = 1;
      System.arraycopy(got.toArray(), 0, d, 1, got.rank());
      Shape batched = Shape.of(d);
      if (matches(want, batched, 1)) {
        return Tensor.wrap(t.dtype(), batched, t.bytes());
      }
    }
    String batch = want.rank() > 0 ? " or a batch Nx" + tail(want) : "";
    throw new BscException("input " + v.name(), "shape " + got + " does not match the model's " + want + batch);
  }

  /** Whether {@code got} fits {@code want} from axis {@code from} on (unknown dimensions fit anything). */
  private static boolean matches(Shape want, Shape got, int from) {
    for (int i = from; i < want.rank(); i++) {
      if (want.dim(i) != Shape.UNKNOWN && want.dim(i) != got.dim(i)) {
        return false;
      }
    }
    return true;
  }

  private static String tail(Shape s) {
    long[] d = s.toArray();
    return d.length == 1 ? "" : Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length)).toString();
  }

  private String inputNames() {
    return String.join(", ", graph.inputs().stream().map(Value::name).toList());
  }

  /** An executor for the graph re-typed to these input shapes, or null when re-typing fails. */
  private Fp32Executor bind(List<Shape> shapes) {
    List<Value> typed = new ArrayList<>();
    boolean same = true;
    for (int i = 0; i < shapes.size(); i++) {
      Value v = graph.inputs().get(i);
      same &= v.type().shape().equals(shapes.get(i));
      typed.add(new Value(v.name(), new TensorType(v.type().dtype(), shapes.get(i))));
    }
    Graph g = graph;
    if (!same) {
      try {
        g = graph.toBuilder().setInputs(typed).build();
      } catch (BscException e) {
        return null;
      }
    }
    return new Fp32Executor(g, threads, weights);
  }

  /** Frees the native state (oneDNN primitives) of every executor made so far; a later run makes new ones. */
  @Override
  public void close() {
    for (Fp32Executor e : executors.values()) {
      if (e != null) {
        e.close();
      }
    }
    executors.clear();
  }

  /** Runs each sample of a batch through the graph as typed for one sample; concatenates the outputs. */
  private Map<String, Tensor> runPerSample(Map<String, Tensor> batch) {
    long n = -1;
    for (Tensor t : batch.values()) {
      if (n >= 0 && t.shape().dim(0) != n) {
        throw new BscException("inputs", "batch sizes differ between inputs");
      }
      n = t.shape().dim(0);
    }
    Map<String, List<INDArray>> parts = new LinkedHashMap<>();
    for (long i = 0; i < n; i++) {
      Map<String, Tensor> one = new LinkedHashMap<>();
      for (Map.Entry<String, Tensor> e : batch.entrySet()) {
        one.put(e.getKey(), sample(e.getValue(), i));
      }
      List<Shape> shapes = new ArrayList<>();
      for (Value v : graph.inputs()) {
        shapes.add(one.get(v.name()).shape());
      }
      Fp32Executor exec = executors.computeIfAbsent(shapes, s -> bindOrFail(s));
      for (Map.Entry<String, Tensor> e : exec.run(one).entrySet()) {
        parts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(NdArrays.fromTensor(e.getValue()));
      }
    }
    Map<String, Tensor> r = new LinkedHashMap<>();
    parts.forEach((k, v) -> r.put(k, NdArrays.toTensor(Nd4j.concat(0, v.toArray(new INDArray[0])))));
    return r;
  }

  private Fp32Executor bindOrFail(List<Shape> shapes) {
    Fp32Executor e = bind(shapes);
    if (e == null) {
      throw new BscException("inputs", "the model cannot run on inputs of shapes " + shapes);
    }
    return e;
  }

  private static Tensor sample(Tensor t, long i) {
    long[] d = t.shape().toArray();
    d[0] = 1;
    Shape one = Shape.of(d);
    long bytes = one.elements() * t.dtype().bytes();
    java.nio.ByteBuffer b = t.bytes();
    b.position((int) (i * bytes)).limit((int) ((i + 1) * bytes));
    return Tensor.wrap(t.dtype(), one, b);
  }
}
