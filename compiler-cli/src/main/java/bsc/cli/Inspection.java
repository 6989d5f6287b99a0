package bsc.cli;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.Value;
import bsc.sparsify.BlockGrid;
import bsc.sparsify.BlockShape;
import bsc.sparsify.PrunableLayer;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code bsc inspect} reports about a model: each node's output type, parameters and MACs, the
 * totals, and how each prunable layer's weight divides into blocks and how many of them are all zero.
 * Plain data; {@link InspectionText} prints it for people, {@link JsonOutput} for scripts.
 */
@JsonPropertyOrder({"model", "source", "canonical", "graph", "opset", "symbolic", "inputs", "outputs", "nodes",
    "totals", "blocks"})
record Inspection(
    String model, String source, boolean canonical, String graph, int opset, boolean symbolic,
    List<TypedValue> inputs, List<TypedValue> outputs, List<NodeRow> nodes, Totals totals, BlockReport blocks) {

  /** A value's element type and shape; a symbolic (unknown) dimension is null. */
  @JsonPropertyOrder({"name", "dtype", "shape"})
  record TypedValue(String name, String dtype, List<Long> shape) {
    static TypedValue of(String name, TensorType t) {
      return new TypedValue(name, t.dtype().shortName(), dims(t.shape()));
    }

    boolean symbolic() {
      return shape.contains(null);
    }
  }

  /** One node; {@code macs} is null when its output shape is symbolic, so its MACs are unknown. */
  @JsonPropertyOrder({"name", "op", "outputs", "params", "macs"})
  record NodeRow(String name, String op, List<TypedValue> outputs, long params, Long macs) {}

  /** {@code macs} sums the nodes whose MACs are known; {@code unknownMacNodes} counts the others. */
  @JsonPropertyOrder({"nodes", "params", "macs", "unknownMacNodes"})
  record Totals(int nodes, long params, long macs, int unknownMacNodes) {}

  @JsonPropertyOrder({"block", "blocks", "zeroBlocks", "zeroFraction", "layers"})
  record BlockReport(String block, long blocks, long zeroBlocks, List<LayerBlocks> layers) {
    @JsonProperty
    double zeroFraction() {
      return fraction(zeroBlocks, blocks);
    }
  }

  /** A prunable layer's block grid: block rows over output channels, block columns over input channels. */
  @JsonPropertyOrder({"node", "op", "weight", "weightShape", "blockRows", "blockCols", "blocks", "zeroBlocks",
      "zeroFraction"})
  record LayerBlocks(String node, String op, String weight, List<Long> weightShape, int blockRows, int blockCols,
      long blocks, long zeroBlocks) {
    @JsonProperty
    double zeroFraction() {
      return fraction(zeroBlocks, blocks);
    }
  }

  static Inspection of(LoadedModel model, BlockShape block) {
    Graph g = model.graph();
    List<TypedValue> inputs = values(g.inputs());
    List<TypedValue> outputs = values(g.outputs());
    List<NodeRow> nodes = new ArrayList<>();
    long macs = 0;
    int unknown = 0;
    boolean symbolic = inputs.stream().anyMatch(TypedValue::symbolic);
    for (Node n : g.nodes()) {
      NodeRow row = nodeRow(g, n);
      nodes.add(row);
      symbolic |= row.outputs().stream().anyMatch(TypedValue::symbolic);
      if (row.macs() == null) {
        unknown++;
      } else {
        macs += row.macs();
      }
    }
    Totals totals = new Totals(nodes.size(), g.parameterCount(), macs, unknown);
    return new Inspection(model.name(), model.source(), model.canonical(), g.name(), g.opset(), symbolic, inputs,
        outputs, nodes, totals, blocks(g, block));
  }

  private static List<TypedValue> values(List<Value> values) {
    List<TypedValue> r = new ArrayList<>();
    for (Value v : values) {
      r.add(TypedValue.of(v.name(), v.type()));
    }
    return r;
  }

  private static NodeRow nodeRow(Graph g, Node n) {
    List<TypedValue> outs = new ArrayList<>();
    boolean known = true;
    for (String o : n.outputs()) {
      if (!o.isEmpty()) {
        TensorType t = g.type(o);
        outs.add(TypedValue.of(o, t));
        known &= t.shape().isKnown();
      }
    }
    String activation = n.op() == OpType.CONV ? n.attrs().getString("activation", null) : null;
    String op = n.op().onnxName() + (activation == null ? "" : "+" + activation);
    return new NodeRow(n.name(), op, outs, params(g, n), known ? g.macs(n) : null);
  }

  /** Elements of the node's initializer inputs that are learned parameters ({@link Graph#isParameter}), each once. */
  private static long params(Graph g, Node n) {
    Set<String> counted = new HashSet<>();
    long params = 0;
    for (String in : n.inputs()) {
      if (g.isParameter(in) && counted.add(in)) {
        params += g.initializer(in).elements();
      }
    }
    return params;
  }

  private static BlockReport blocks(Graph g, BlockShape block) {
    List<LayerBlocks> layers = new ArrayList<>();
    long blocks = 0;
    long zero = 0;
    for (PrunableLayer l : PrunableLayer.find(g)) {
      BlockGrid grid = l.grid(block);
      Tensor w = g.initializer(l.weight());
      LayerBlocks lb = new LayerBlocks(l.node(), l.op().onnxName(), l.weight(), dims(w.shape()), grid.blockRows(),
          grid.blockCols(), grid.blocks(), grid.zeroBlocks(w));
      layers.add(lb);
      blocks += lb.blocks();
      zero += lb.zeroBlocks();
    }
    return new BlockReport(block.toString(), blocks, zero, layers);
  }

  /** The dimensions of {@code s}, a symbolic one as null. */
  private static List<Long> dims(Shape s) {
    List<Long> dims = new ArrayList<>();
    for (long d : s.toArray()) {
      dims.add(d == Shape.UNKNOWN ? null : d);
    }
    return dims;
  }

  private static double fraction(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
