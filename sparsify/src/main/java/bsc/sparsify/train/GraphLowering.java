package bsc.sparsify.train;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.TensorType;
import bsc.ir.Value;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Lowers a bsc inference graph (a classifier: one NCHW float input, one output of class scores) to a
 * {@link TrainingGraph}. The nodes are lowered twice over shared variables, once per
 * {@link LoweringContext.Mode}; the training pass ends in a softmax cross-entropy loss on the logits (the
 * graph's output, or the input of a final Softmax), with a distillation term when asked ({@link DistillationLoss}).
 */
final class GraphLowering {
  private GraphLowering() {}

  /**
   * The training graph of {@code g}; the weights named in {@code maskedWeights} (conv weights to be pruned)
   * are multiplied by a mask constant, all ones until {@link TrainingGraph#setMask} is called. With
   * {@code distillation}, the loss also takes the teacher's logits (placeholder {@link TrainingGraph#TEACHER}).
   */
  static TrainingGraph lower(Graph g, Set<String> maskedWeights, Distillation distillation) {
    Value input = singleImageInput(g);
    String logits = logitsValue(g);
    long classes = g.type(logits).shape().dim(1);
    TrainingGraph.Builder b = new TrainingGraph.Builder(g, maskedWeights);
    SameDiff sd = b.sd();
    long[] in = input.type().shape().toArray();
    in[0] = -1;
    SDVariable x = sd.placeHolder(TrainingGraph.INPUT, org.nd4j.linalg.api.buffer.DataType.FLOAT, in);
    SDVariable labels = sd.placeHolder(TrainingGraph.LABELS, org.nd4j.linalg.api.buffer.DataType.FLOAT, -1, classes);
    String trainLogits = forward(b, g, LoweringContext.Mode.TRAIN, input, x, logits);
    String evalLogits = forward(b, g, LoweringContext.Mode.EVAL, input, x, logits);
    SDVariable teacher = distillation == null ? null
        : sd.placeHolder(TrainingGraph.TEACHER, org.nd4j.linalg.api.buffer.DataType.FLOAT, -1, classes);
    DistillationLoss.define(sd, TrainingGraph.LOSS, labels, sd.getVariable(trainLogits), teacher, distillation);
    sd.setLossVariables(TrainingGraph.LOSS);
    createGradientsQuietly(sd);
    return b.build(trainLogits, evalLogits);
  }

  /**
   * Builds the backward pass now. SameDiff 1.0.0-M2.1 prints a line per differentiated op to System.out
   * while doing so, which would corrupt the CLI's stdout (--json), so System.out is muted meanwhile.
   */
  private static void createGradientsQuietly(SameDiff sd) {
    java.io.PrintStream out = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      sd.createGradFunction();
    } finally {
      System.setOut(out);
    }
  }

  private static String forward(TrainingGraph.Builder b, Graph g, LoweringContext.Mode mode, Value input,
      SDVariable x, String logits) {
    LoweringContext ctx = new LoweringContext(b, g, mode);
    ctx.define(input.name(), SdValue.nchw(x));
    for (Node n : g.nodes()) {
      ctx.enter(n);
      if (n.outputs().size() != 1) {
        throw ctx.fail("only single-output nodes can be trained");
      }
      OpLowering l = OpLowerings.of(n.op());
      if (l == null) {
        throw ctx.fail("unsupported op " + n.op().onnxName() + " for training (supported: "
            + OpLowerings.supportedNames() + ")");
      }
      ctx.define(n.output(), l.lower(n, ctx));
      if (n.output().equals(logits)) {
        String name = b.fresh(mode.name().toLowerCase(java.util.Locale.ROOT) + "_logits");
        return b.sd().identity(name, ctx.nchw(ctx.value(logits))).name();
      }
    }
    throw new BscException(g.name(), "the logits '" + logits + "' are not computed by any node");
  }

  static Value singleImageInput(Graph g) {
    if (g.inputs().size() != 1) {
      throw new BscException(g.name(), "training needs a model with one input, this one has " + g.inputs().size());
    }
    Value v = g.inputs().get(0);
    TensorType t = v.type();
    if (t.dtype() != DataType.FLOAT || t.rank() != 4) {
      throw new BscException("input " + v.name(), "training needs a float (N, C, H, W) input, got " + t);
    }
    return v;
  }

  /** The class scores: the single graph output, or the input of the Softmax that produces it. */
  static String logitsValue(Graph g) {
    if (g.outputs().size() != 1) {
      throw new BscException(g.name(), "training needs a model with one output (class scores), this one has "
          + g.outputs().size());
    }
    String out = g.outputs().get(0).name();
    Node p = g.producer(out);
    if (p != null && p.op() == OpType.SOFTMAX) {
      out = p.input(0);
    }
    TensorType t = g.type(out);
    if (t.rank() != 2 || t.shape().dim(1) < 2) {
      throw new BscException("output " + out, "training needs class scores of shape (N, classes), got " + t);
    }
    return out;
  }
}
