package bsc.aie2.lower;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.sparsify.BlockMask;
import bsc.sparsify.BlockShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds one {@link Layer} per supported node: reads attributes, weights and masks. */
final class LayerFactory {
  private static final BlockShape BLOCK = BlockShape.AIE2_DEFAULT;
  private final Graph g;
  private final WeightSource source;
  private final Map<String, Dims> tensors;

  LayerFactory(Graph g, WeightSource source, Map<String, Dims> tensors) {
    this.g = g;
    this.source = source;
    this.tensors = tensors;
  }

  Layer conv(Node n, int index, Node fused) {
    String where = "node " + n.name();
    Tensor w = initializer(n, 1);
    Shape ws = w.shape();
    if (ws.rank() != 4) {
      throw new BscException(where, "only 2-D convolutions are supported on the AIE2 target");
    }
    Dims in = input(n, 0);
    Dims out = Scheduler.dimsOf(g, n.output());
    long group = n.attrs().getInt("group", 1);
    int cout = (int) ws.dim(0);
    int cinPerGroup = (int) ws.dim(1);
    Window win = Windows.of(n, (int) ws.dim(2), (int) ws.dim(3), in, out);
    WeightSource.QuantParams q = source.quantized(n.name());
    Activation act = activation(n, fused, q);
    if (group == 1) {
      ConvWeights cw = withQuant(MaskCache.mask(w, cout, cinPerGroup, win.taps()), q);
      return layer(index, n, LayerKind.CONV, List.of(n.input(0)), in, out, win, act, cw);
    }
    if (group == in.c() && cout == in.c() && cinPerGroup == 1) {
      ConvWeights cw = new ConvWeights(cout, 1, win.taps(), null, 0, 0, q == null ? null : q.weights(),
          q == null ? null : q.bias(), q == null ? null : q.shift());
      return layer(index, n, LayerKind.DEPTHWISE, List.of(n.input(0)), in, out, win, act, cw);
    }
    throw new BscException(where, "grouped conv with " + group + " groups (not depthwise) is not supported on"
        + " the AIE2 target");
  }

  /** Gemm/MatMul as a conv: on a 1x1 map a 1x1 conv, after a Flatten of an h x w map an h x w conv. */
  Layer fullyConnected(Node n, int index, Node fused) {
    String where = "node " + n.name();
    String x = n.input(0);
    Node p = g.producer(x);
    if (p != null && (p.op() == OpType.FLATTEN || p.op() == OpType.RESHAPE) && tensors.containsKey(p.input(0))) {
      x = p.input(0);
    }
    Dims in = tensors.get(x);
    if (in == null) {
      throw new BscException(where, "input " + x + " is not an activation on the array");
    }
    if (n.op() == OpType.GEMM && n.attrs().getInt("transA", 0) != 0) {
      throw new BscException(where, "Gemm with transA is not supported on the AIE2 target");
    }
    Tensor w = initializer(n, 1);
    boolean transposed = n.op() == OpType.MAT_MUL || n.attrs().getInt("transB", 0) == 0;
    int k = (int) w.shape().dim(transposed ? 0 : 1);
    int outs = (int) w.shape().dim(transposed ? 1 : 0);
    if ((long) in.h() * in.w() * in.c() != k) {
      throw new BscException(where, "weight " + w.shape() + " does not match input " + in);
    }
    float[] v = w.toFloats();
    float[] convLayout = transposed ? transpose(v, k, outs) : v;
    Dims out = new Dims(1, 1, outs);
    Window win = new Window(in.h(), in.w(), 1, 1, 1, 1, 0, 0, 0, 0);
    WeightSource.QuantParams q = source.quantized(n.name());
    ConvWeights cw = withQuant(MaskCache.scan(java.nio.FloatBuffer.wrap(convLayout), outs, in.c(), win.taps()), q);
    String output = fused != null ? fused.output() : n.output();
    return new Layer(index, n.name(), fused != null ? n.op().onnxName() + "+Relu" : n.op().onnxName(), LayerKind.CONV,
        List.of(x), output, in, out, win, activation(n, fused, q), false, cw, List.of());
  }

  Layer pool(Node n, int index) {
    Dims in = input(n, 0);
    Dims out = Scheduler.dimsOf(g, n.output());
    long[] k = n.attrs().getInts("kernel_shape", null);
    Window win = Windows.of(n, (int) k[0], (int) k[1], in, out);
    boolean max = n.op() == OpType.MAX_POOL;
    boolean include = n.attrs().getInt("count_include_pad", 0) != 0;
    List<Integer> fixes = fixes(n.input(0), n.output());
    return new Layer(index, n.name(), n.op().onnxName(), max ? LayerKind.MAX_POOL : LayerKind.AVG_POOL,
        List.of(n.input(0)), n.output(), in, out, win, Activation.NONE, include, null, fixes);
  }

  Layer globalPool(Node n, int index) {
    Dims in = input(n, 0);
    Window win = new Window(in.h(), in.w(), 1, 1, 1, 1, 0, 0, 0, 0);
    return new Layer(index, n.name(), n.op().onnxName(), LayerKind.GLOBAL_AVG_POOL, List.of(n.input(0)), n.output(),
        in, new Dims(1, 1, in.c()), win, Activation.NONE, true, null, fixes(n.input(0), n.output()));
  }

  Layer add(Node n, int index, Node fused) {
    Dims a = input(n, 0);
    Dims b = input(n, 1);
    if (!a.equals(b)) {
      throw new BscException("node " + n.name(), "Add of " + a + " and " + b + " (broadcasting) is not supported"
          + " on the AIE2 target");
    }
    String out = fused != null ? fused.output() : n.output();
    Activation act = fused != null ? Activation.RELU : Activation.NONE;
    return new Layer(index, n.name(), fused != null ? "Add+Relu" : "Add", LayerKind.ADD, List.of(n.input(0),
        n.input(1)), out, a, a, Window.POINT, act, false, null, fixes(n.input(0), n.input(1), out));
  }

  Layer concat(Node n, int index) {
    Shape s = g.type(n.output()).shape();
    long axis = n.attrs().getInt("axis", 1);
    if (s.rank() != 4 || (axis != 1 && axis != -3)) {
      throw new BscException("node " + n.name(), "only channel concatenation of feature maps is supported");
    }
    Dims out = Scheduler.dimsOf(g, n.output());
    for (int i = 0; i < n.inputs().size(); i++) {
      input(n, i);
    }
    return new Layer(index, n.name(), "Concat", LayerKind.CONCAT, n.inputs(), n.output(), input(n, 0), out,
        Window.POINT, Activation.NONE, false, null, concatFixes(n));
  }

  Layer copy(Node n, int index) {
    Dims in = input(n, 0);
    Activation act = n.op() == OpType.RELU ? Activation.RELU
        : Activation.named(n.op() == OpType.CLIP ? "clip" : "leaky_relu");
    return new Layer(index, n.name(), n.op().onnxName(), LayerKind.COPY, List.of(n.input(0)), n.output(), in, in,
        Window.POINT, act, false, null, fixes(n.input(0), n.output()));
  }

  Layer alias(Node n, int index, Dims in) {
    return new Layer(index, n.name(), n.op().onnxName(), LayerKind.ALIAS, List.of(n.input(0)), n.output(), in, in,
        Window.POINT, Activation.NONE, false, null, List.of());
  }

  private Layer layer(int index, Node n, LayerKind kind, List<String> inputs, Dims in, Dims out, Window w,
      Activation act, ConvWeights cw) {
    String output = n.output();
    return new Layer(index, n.name(), n.op().onnxName(), kind, inputs, output, in, out, w, act, false, cw, List.of());
  }

  private static ConvWeights withQuant(ConvWeights mask, WeightSource.QuantParams q) {
    if (q == null) {
      return mask;
    }
    return new ConvWeights(mask.outChannels(), mask.inChannels(), mask.taps(), mask.mask(), mask.blockRows(),
        mask.blockCols(), q.weights(), q.bias(), q.shift());
  }

  private Activation activation(Node n, Node fused, WeightSource.QuantParams q) {
    String name = fused != null ? "relu" : n.attrs().getString("activation", "none");
    if (q != null) {
      // a fused Relu node is not part of the quantized layer's clamp (the INT8 executor runs it after the
      // layer, at the same fix position): clamp at 0 as well
      int lo = fused != null ? Math.max(0, q.clampMin()) : q.clampMin();
      return new Activation(name, lo, q.clampMax());
    }
    return Activation.named(name);
  }

  private List<Integer> concatFixes(Node n) {
    List<String> v = new ArrayList<>(n.inputs());
    v.add(n.output());
    return fixes(v.toArray(new String[0]));
  }

  private List<Integer> fixes(String... values) {
    List<Integer> out = new ArrayList<>();
    for (String v : values) {
      Integer f = source.fix(v);
      if (f == null) {
        return List.of();
      }
      out.add(f);
    }
    return out;
  }

  private Dims input(Node n, int i) {
    Dims d = tensors.get(n.input(i));
    if (d == null) {
      throw new BscException("node " + n.name(), "input " + n.input(i) + " is not an activation on the array"
          + (g.isInitializer(n.input(i)) ? " (constant operands are not supported here)" : ""));
    }
    return d;
  }

  private Tensor initializer(Node n, int i) {
    Tensor t = g.initializer(n.input(i));
    if (t == null || !t.dtype().isFloat()) {
      throw new BscException("node " + n.name(), "weight " + n.input(i) + " must be a float initializer");
    }
    return t;
  }

  private static float[] transpose(float[] v, int rows, int cols) {
    float[] t = new float[v.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = v[r * cols + c];
      }
    }
    return t;
  }
}
