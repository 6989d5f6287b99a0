package bsc.sparsify;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer whose constant weight can be viewed as an output-channel x input-channel matrix of kernels:
 * a Conv (weight [Cout][Cin/group][k...]) or a fully connected Gemm/MatMul, treated as a 1x1 conv
 * (DESIGN.md section 4). {@code index(o, i, tap)} maps that view onto the weight tensor's elements.
 */
public record PrunableLayer(
    String node, OpType op, String weight, int outChannels, int inChannels, int taps, int groups,
    boolean transposed) {

  /** Element offset of weight (output channel o, input channel i within its group, kernel tap). */
  public long index(int o, int i, int tap) {
    if (transposed) {
      return (long) i * outChannels + o; // Gemm B as [K, N] (transB = 0) or MatMul B
    }
    return ((long) o * inChannels + i) * taps + tap;
  }

  public BlockGrid grid(BlockShape shape) {
    return new BlockGrid(this, shape);
  }

  /** Every layer of {@code g} with a constant weight, in graph order. */
  public static List<PrunableLayer> find(Graph g) {
    List<PrunableLayer> out = new ArrayList<>();
    for (Node n : g.nodes()) {
      PrunableLayer l = of(g, n);
      if (l != null) {
        out.add(l);
      }
    }
    return out;
  }

  /** The layer view of {@code n}, or null when it has no constant weight to prune. */
  public static PrunableLayer of(Graph g, Node n) {
    if (n.inputs().size() < 2) {
      return null;
    }
    Tensor w = g.initializer(n.input(1));
    if (w == null || !w.dtype().isFloat()) {
      return null;
    }
    Shape s = w.shape();
    switch (n.op()) {
      case CONV -> {
        int taps = 1;
        for (int i = 2; i < s.rank(); i++) {
          taps = Math.multiplyExact(taps, (int) s.dim(i));
        }
        return new PrunableLayer(n.name(), n.op(), n.input(1), (int) s.dim(0), (int) s.dim(1), taps,
            (int) n.attrs().getInt("group", 1), false);
      }
      case GEMM -> {
        if (s.rank() != 2 || n.attrs().getInt("transA", 0) != 0) {
          return null;
        }
        boolean transB = n.attrs().getInt("transB", 0) != 0;
        int out = (int) (transB ? s.dim(0) : s.dim(1));
        int in = (int) (transB ? s.dim(1) : s.dim(0));
        return new PrunableLayer(n.name(), n.op(), n.input(1), out, in, 1, 1, !transB);
      }
      case MAT_MUL -> {
        if (s.rank() != 2) {
          return null;
        }
        return new PrunableLayer(n.name(), n.op(), n.input(1), (int) s.dim(1), (int) s.dim(0), 1, 1, true);
      }
      default -> {
        return null;
      }
    }
  }
}
