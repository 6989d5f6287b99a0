package bsc.sim.int8;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import bsc.sparsify.BlockShape;
import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QuantizedModel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a {@link QuantizedModel} in integers: int8 activations, int8 weights, int32 accumulators, with the
 * arithmetic of {@link FixedPoint}, so its bytes are the reference the AIE2 functional simulator must
 * reproduce. Plain Java, no native code. Convs walk either every weight or only the nonzero blocks; both
 * give identical bytes. When the JVM has {@code jdk.incubator.vector} the convs, clamps and requantization
 * run on vector micro-kernels ({@link PanelConvKernel}), else on scalar loops: identical bytes again.
 *
 * <p>The graph runs one sample at a time (its values have batch 1); a batch input runs sample by sample and
 * the outputs are stacked. Float inputs are quantized at the input's fix position ({@link
 * FixedPoint#quantize}); int8 inputs are taken as they are.
 */
public final class Int8Executor implements AutoCloseable {
  /** How convs walk their weights. */
  public enum ConvPath {
    DENSE,
    BLOCK_SPARSE
  }

  /**
   * Threads, conv path, the block shape the sparse path compacts to, and whether convs may take the vector
   * micro-kernels (only honoured when the JVM has {@code jdk.incubator.vector}; same bytes either way).
   */
  public record Options(int threads, ConvPath path, BlockShape block, boolean vector) {
    public static Options defaults() {
      return new Options(2, ConvPath.BLOCK_SPARSE, BlockShape.AIE2_DEFAULT, true);
    }

    public Options {
      vector = vector && VectorSupport.available();
    }

    public Options(int threads, ConvPath path, BlockShape block) {
      this(threads, path, block, true);
    }

    public Options withPath(ConvPath p) {
      return new Options(threads, p, block, vector);
    }

    public Options withThreads(int t) {
      return new Options(t, path, block, vector);
    }

    public Options withVector(boolean v) {
      return new Options(threads, path, block, v);
    }

    /** Whether the vector path can run in this JVM at all. */
    public static boolean vectorAvailable() {
      return VectorSupport.available();
    }
  }

  private final QuantizedModel model;
  private final Graph graph;
  private final Options options;
  private final Workers workers;
  private final Map<String, Integer> ids = new HashMap<>();
  private final List<Int8Kernel> kernels = new ArrayList<>();
  /** The kernels of a run that exposes only the graph outputs (an Add and its Relu fused; null: skipped). */
  private final Int8Kernel[] fused;
  private final List<int[]> deaths = new ArrayList<>();
  private final long[] nanos;

  public Int8Executor(QuantizedModel model, Options options) {
    this.model = model;
    this.graph = model.graph();
    this.options = options;
    for (Value v : graph.inputs()) {
      checkBatchOne(v.name());
      ids.put(v.name(), ids.size());
    }
    for (Node n : graph.nodes()) {
      checkBatchOne(n.output());
      ids.putIfAbsent(n.output(), ids.size());
    }
    this.workers = new Workers(options.threads());
    Scratch[] scratch = new Scratch[options.threads()];
    for (int i = 0; i < scratch.length; i++) {
      scratch[i] = new Scratch();
    }
    Int8Kernels factory = new Int8Kernels(model, options, ids, workers, scratch);
    for (Node n : graph.nodes()) {
      kernels.add(factory.of(n));
    }
    this.fused = factory.fused(kernels);
    this.deaths.addAll(Lifetimes.deaths(graph, ids));
    this.nanos = new long[kernels.size()];
  }

  private void checkBatchOne(String value) {
    Shape s = graph.type(value).shape();
    if (s.rank() == 0 || !s.isKnown() || s.dim(0) != 1) {
      throw new BscException("value " + value, "the INT8 executor needs batch-1 values with known shapes, got " + s);
    }
  }

  public QuantizedModel model() {
    return model;
  }

  public Options options() {
    return options;
  }

  /** The graph outputs as int8 tensors (at their fix positions, {@link QuantizedModel#fix}). */
  public Map<String, Tensor> runQuantized(Map<String, Tensor> inputs) {
    int batch = batchOf(inputs);
    Map<String, byte[][]> parts = new LinkedHashMap<>();
    for (int i = 0; i < batch; i++) {
      Frame f = runSample(inputs, i, false);
      for (Value v : graph.outputs()) {
        parts.computeIfAbsent(v.name(), k -> new byte[batch][])[i] = f.get(ids.get(v.name()));
      }
    }
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Value v : graph.outputs()) {
      long[] dims = v.type().shape().toArray();
      dims[0] = batch;
      byte[][] p = parts.get(v.name());
      byte[] all = new byte[p[0].length * batch];
      for (int i = 0; i < batch; i++) {
        System.arraycopy(p[i], 0, all, i * p[0].length, p[0].length);
      }
      out.put(v.name(), Tensor.wrap(DataType.INT8, Shape.of(dims), ByteBuffer.wrap(all)));
    }
    return out;
  }

  /** The graph outputs dequantized to float ({@code q * 2^-fix}). */
  public Map<String, Tensor> run(Map<String, Tensor> inputs) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : runQuantized(inputs).entrySet()) {
      out.put(e.getKey(), dequantize(e.getValue(), model.fix(e.getKey())));
    }
    return out;
  }

  /** Every value of the graph (inputs and node outputs) for a batch-1 input, as int8 bytes in NCHW order. */
  public Map<String, byte[]> runAllValues(Map<String, Tensor> inputs) {
    if (batchOf(inputs) != 1) {
      throw new BscException("inputs", "runAllValues takes one sample");
    }
    Frame f = runSample(inputs, 0, true);
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String v : model.fixPositions().keySet()) {
      out.put(v, f.get(ids.get(v)));
    }
    return out;
  }

  /**
   * Nanoseconds spent in each node over all runs since construction or {@link #resetProfile}. In runs that
   * expose only the graph outputs a Relu or Clip fused into the Add before it counts nothing: its time is
   * the Add's.
   */
  public Map<String, Long> nodeNanos() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < kernels.size(); i++) {
      m.put(graph.nodes().get(i).name(), nanos[i]);
    }
    return m;
  }

  public void resetProfile() {
    java.util.Arrays.fill(nanos, 0);
  }

  public static Tensor dequantize(Tensor q, int fix) {
    byte[] b = q.toByteArray();
    float[] v = new float[b.length];
    for (int i = 0; i < b.length; i++) {
      v[i] = FixedPoint.dequantize(b[i], fix);
    }
    return Tensor.ofFloats(q.shape(), v);
  }

  private Frame runSample(Map<String, Tensor> inputs, int sample, boolean keepAll) {
    Frame f = new Frame(ids.size());
    for (Value v : graph.inputs()) {
      f.set(ids.get(v.name()), quantizeInput(v, inputs.get(v.name()), sample));
    }
    for (int i = 0; i < kernels.size(); i++) {
      Int8Kernel k = keepAll ? kernels.get(i) : fused[i];
      if (k != null) {
        long t0 = System.nanoTime();
        k.run(f);
        nanos[i] += System.nanoTime() - t0;
      }
      if (!keepAll) {
        for (int dead : deaths.get(i)) {
          f.drop(dead);
        }
      }
    }
    return f;
  }

  private int batchOf(Map<String, Tensor> inputs) {
    int batch = -1;
    for (Value v : graph.inputs()) {
      Tensor t = inputs.get(v.name());
      if (t == null) {
        throw new BscException("input " + v.name(), "missing");
      }
      long perSample = v.type().shape().elements();
      if (t.elements() == 0 || t.elements() % perSample != 0 || !fits(v.type().shape(), t.shape())) {
        throw new BscException("input " + v.name(), "shape " + t.shape() + " does not match the model's "
            + v.type().shape() + " (or a batch of it)");
      }
      int b = (int) (t.elements() / perSample);
      if (batch >= 0 && b != batch) {
        throw new BscException("inputs", "batch sizes differ between inputs");
      }
      batch = b;
    }
    return batch;
  }

  /** Whether {@code got} is the model's shape, a batch of it, or it without the batch axis. */
  private static boolean fits(Shape want, Shape got) {
    int offset = got.rank() == want.rank() ? 1 : got.rank() == want.rank() - 1 ? 0 : -1;
    if (offset < 0) {
      return false;
    }
    for (int i = 1; i < want.rank(); i++) {
      if (got.dim(i - 1 + offset) != want.dim(i)) {
        return false;
      }
    }
    return true;
  }

  private byte[] quantizeInput(Value v, Tensor t, int sample) {
    int n = (int) v.type().shape().elements();
    int fix = model.fix(v.name());
    byte[] q = new byte[n];
    if (t.dtype() == DataType.INT8) {
      ByteBuffer b = t.bytes();
      b.position(sample * n);
      b.get(q);
      return q;
    }
    if (t.dtype() != DataType.FLOAT) {
      throw new BscException("input " + v.name(), "must be float32 or int8, not " + t.dtype().shortName());
    }
    java.nio.FloatBuffer fb = t.bytes().asFloatBuffer();
    for (int i = 0; i < n; i++) {
      float x = fb.get(sample * n + i);
      if (Float.isNaN(x)) {
        throw new BscException("input " + v.name(), "contains NaN");
      }
      q[i] = (byte) FixedPoint.quantize(x, fix);
    }
    return q;
  }

  @Override
  public void close() {
    workers.close();
  }
}
