package bsc.sparsify.quant;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import java.util.EnumSet;
import java.util.Set;

/** Which ops have an INT8 form, and the conditions each node must meet to be quantized. */
final class Int8Rules {
  /** Ops whose output keeps the input's fix position: they only select, clamp or re-label int8 values. */
  static final Set<OpType> KEEP_FIX = EnumSet.of(
      OpType.MAX_POOL, OpType.GLOBAL_MAX_POOL, OpType.RELU, OpType.CLIP, OpType.FLATTEN, OpType.RESHAPE);
  /** Ops whose output gets its own, calibrated fix position. */
  static final Set<OpType> OWN_FIX = EnumSet.of(
      OpType.CONV, OpType.GEMM, OpType.MAT_MUL, OpType.ADD, OpType.CONCAT, OpType.AVERAGE_POOL,
      OpType.GLOBAL_AVERAGE_POOL);

  private Int8Rules() {}

  /** Throws a BscException naming the node when it cannot run in INT8. */
  static void check(Graph g, Node n) {
    String where = "node " + n.name();
    if (!KEEP_FIX.contains(n.op()) && !OWN_FIX.contains(n.op())) {
      throw new BscException(where, "op " + n.op().onnxName() + " has no INT8 form (INT8 supports Conv, "
          + "Gemm, MatMul, Add, Concat, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, Relu, Clip, "
          + "Flatten, Reshape; run the canonical passes first so BatchNormalization folds into convs)");
    }
    int dataInputs = switch (n.op()) {
      case CONV, GEMM, MAT_MUL, RESHAPE, CLIP -> 1;
      default -> n.inputs().size();
    };
    for (int i = 0; i < dataInputs; i++) {
      if (g.isInitializer(n.input(i))) {
        throw new BscException(where, n.op().onnxName() + " on a constant input (" + n.input(i)
            + ") has no INT8 form");
      }
    }
    if (n.outputs().size() != 1) {
      throw new BscException(where, "only the first output of " + n.op().onnxName() + " has an INT8 form");
    }
    switch (n.op()) {
      case CONV -> checkConv(g, n, where);
      case GEMM, MAT_MUL -> checkFullyConnected(g, n, where);
      case ADD -> {
        if (!g.type(n.input(0)).shape().equals(g.type(n.input(1)).shape())) {
          throw new BscException(where, "INT8 Add needs equal input shapes, got " + g.type(n.input(0)).shape()
              + " and " + g.type(n.input(1)).shape());
        }
      }
      case MAX_POOL, AVERAGE_POOL, GLOBAL_AVERAGE_POOL, GLOBAL_MAX_POOL -> {
        if (g.type(n.input(0)).rank() != 4) {
          throw new BscException(where, "INT8 pooling supports 2-D (NCHW) inputs only");
        }
      }
      case CLIP -> {
        for (int i = 1; i <= 2; i++) {
          if (n.hasInput(i) && (g.knownValue(n.input(i)) == null || g.knownValue(n.input(i)).elements() != 1)) {
            throw new BscException(where, "INT8 Clip needs constant scalar bounds");
          }
        }
      }
      default -> { }
    }
  }

  private static void checkConv(Graph g, Node n, String where) {
    Tensor w = g.initializer(n.input(1));
    if (w == null || !w.dtype().isFloat() || w.shape().rank() != 4) {
      throw new BscException(where, "INT8 Conv needs a constant float 2-D conv weight");
    }
    if (n.hasInput(2) && g.initializer(n.input(2)) == null) {
      throw new BscException(where, "INT8 Conv needs a constant bias");
    }
    String act = n.attrs().getString("activation", null);
    if (act != null && !act.equals("relu") && !act.equals("clip")) {
      throw new BscException(where, "fused activation " + act + " has no INT8 form (relu and clip do)");
    }
  }

  private static void checkFullyConnected(Graph g, Node n, String where) {
    Tensor b = g.initializer(n.input(1));
    if (b == null || !b.dtype().isFloat() || b.shape().rank() != 2 || g.type(n.input(0)).rank() != 2) {
      throw new BscException(where, "INT8 " + n.op().onnxName() + " needs a 2-D input and a constant 2-D weight");
    }
    if (n.op() == OpType.GEMM && n.attrs().getInt("transA", 0) != 0) {
      throw new BscException(where, "INT8 Gemm does not support transA");
    }
    if (n.hasInput(2)) {
      Tensor c = g.initializer(n.input(2));
      long out = g.type(n.output()).shape().dim(1);
      if (c == null || (c.elements() != 1 && (c.elements() != out || c.shape().dim(-1) != out))) {
        throw new BscException(where, "INT8 Gemm needs a constant bias with one value or one per output");
      }
    }
  }
}
