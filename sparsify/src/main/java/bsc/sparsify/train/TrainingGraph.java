package bsc.sparsify.train;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A bsc graph as a SameDiff training graph (built by {@link GraphLowering}): a training forward pass
 * (BatchNormalization on batch statistics) ending in a softmax cross-entropy loss, and an inference forward
 * pass (running statistics) over the same variables. Each masked conv computes with W * Gamma, Gamma a
 * constant 0/1 array of W's shape, so the loss never depends on a pruned weight and its gradient there is
 * exactly zero. Weights move in and out as bsc tensors under their initializer names.
 */
final class TrainingGraph {
  static final String INPUT = "input";
  static final String LABELS = "labels";
  static final String LOSS = "loss";
  static final String TEACHER = "teacher_logits";

  /** A trainable initializer: its SameDiff name and whether weight decay applies (weights, not BN or biases). */
  record Param(String initializer, String sdName, boolean decay) {}

  /** BatchNormalization running statistics and the batch statistics that update them. */
  record BnStats(String node, String meanInit, String varInit, String runningMean, String runningVar,
      String batchMean, String batchVar, double momentum, long spatialCount) {}

  private final SameDiff sd;
  private final Graph source;
  private final List<Param> params;
  private final List<BnStats> bnStats;
  private final Map<String, String> maskConstants;
  private final String trainLogits;
  private final String evalLogits;
  private final List<String> stepOutputs;

  private TrainingGraph(Builder b, String trainLogits, String evalLogits) {
    this.sd = b.sd;
    this.source = b.graph;
    this.params = List.copyOf(b.params.values());
    this.bnStats = List.copyOf(b.bnStats);
    this.maskConstants = Map.copyOf(b.maskConstants);
    this.trainLogits = trainLogits;
    this.evalLogits = evalLogits;
    List<String> outs = new ArrayList<>(List.of(LOSS, trainLogits));
    for (BnStats s : bnStats) {
      outs.add(s.batchMean());
      outs.add(s.batchVar());
    }
    this.stepOutputs = List.copyOf(outs);
  }

  SameDiff sd() {
    return sd;
  }

  List<Param> params() {
    return params;
  }

  List<BnStats> bnStats() {
    return bnStats;
  }

  Set<String> maskedWeights() {
    return maskConstants.keySet();
  }

  INDArray array(Param p) {
    return sd.getArrForVarName(p.sdName());
  }

  /**
   * Loss, training logits and batch statistics of one batch, and the gradient of every parameter;
   * {@code teacher} is the batch's teacher logits when the loss distils, else null.
   */
  OutAndGrad forwardBackward(INDArray images, INDArray oneHot, INDArray teacher) {
    Map<String, INDArray> ph = teacher == null ? Map.of(INPUT, images, LABELS, oneHot)
        : Map.of(INPUT, images, LABELS, oneHot, TEACHER, teacher);
    List<String> names = new ArrayList<>(params.size());
    for (Param p : params) {
      names.add(p.sdName());
    }
    return sd.calculateGradientsAndOutputs(ph, stepOutputs, names);
  }

  String trainLogitsName() {
    return trainLogits;
  }

  /** Logits of the inference pass (running statistics). */
  INDArray inferLogits(INDArray images) {
    return sd.output(Map.of(INPUT, images), evalLogits).get(evalLogits);
  }

  /** running = momentum * running + (1 - momentum) * batch (variance unbiased, as PyTorch does). */
  void updateRunningStatistics(Map<String, INDArray> outputs, long batch) {
    for (BnStats s : bnStats) {
      double m = s.momentum();
      long n = batch * s.spatialCount();
      double unbias = n > 1 ? (double) n / (n - 1) : 1;
      INDArray mean = sd.getArrForVarName(s.runningMean());
      INDArray var = sd.getArrForVarName(s.runningVar());
      mean.muli(m).addi(outputs.get(s.batchMean()).mul(1 - m));
      var.muli(m).addi(outputs.get(s.batchVar()).mul((1 - m) * unbias));
    }
  }

  /** Sets the 0/1 mask of a masked weight (same element order as the weight). */
  void setMask(String weight, float[] keep) {
    INDArray m = sd.getArrForVarName(maskConstants.get(weight));
    m.assign(Nd4j.create(keep, m.shape(), 'c'));
  }

  long[] maskShape(String weight) {
    return sd.getArrForVarName(maskConstants.get(weight)).shape();
  }

  float[] mask(String weight) {
    return sd.getArrForVarName(maskConstants.get(weight)).dup().data().asFloat();
  }

  /** The source graph with the trained weights and running statistics as its initializers. */
  Graph export() {
    Graph.Builder b = source.toBuilder();
    for (Param p : params) {
      INDArray a = array(p);
      String mask = maskConstants.get(p.initializer());
      if (mask != null) {
        a = a.mul(sd.getArrForVarName(mask)); // equal to W already; makes the zeros exact by construction
      }
      b.addInitializer(p.initializer(), toTensor(a, source.initializer(p.initializer())));
    }
    for (BnStats s : bnStats) {
      b.addInitializer(s.meanInit(), toTensor(sd.getArrForVarName(s.runningMean()), source.initializer(s.meanInit())));
      b.addInitializer(s.varInit(), toTensor(sd.getArrForVarName(s.runningVar()), source.initializer(s.varInit())));
    }
    return b.build();
  }

  /** Replaces every parameter and running statistic with the initializer of the same name in {@code g}. */
  void load(Graph g) {
    for (Param p : params) {
      array(p).assign(toArray(g.initializer(p.initializer())));
    }
    for (BnStats s : bnStats) {
      sd.getArrForVarName(s.runningMean()).assign(toArray(g.initializer(s.meanInit())));
      sd.getArrForVarName(s.runningVar()).assign(toArray(g.initializer(s.varInit())));
    }
  }

  static INDArray toArray(Tensor t) {
    return Nd4j.create(t.toFloats(), t.shape().toArray(), 'c');
  }

  private static Tensor toTensor(INDArray a, Tensor like) {
    float[] v = a.dup('c').data().asFloat();
    return Tensor.ofFloats(like.shape(), v);
  }

  /** Collects variables, constants and masks while {@link GraphLowering} lowers the nodes. */
  static final class Builder {
    private final SameDiff sd = SameDiff.create();
    private final Graph graph;
    private final Set<String> maskable;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, SDVariable> variables = new LinkedHashMap<>();
    private final Map<String, SDVariable> constants = new LinkedHashMap<>();
    private final Map<String, SDVariable> masked = new LinkedHashMap<>();
    private final Map<String, String> maskConstants = new LinkedHashMap<>();
    private final List<BnStats> bnStats = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();

    Builder(Graph graph, Set<String> maskable) {
      this.graph = graph;
      this.maskable = maskable;
    }

    SameDiff sd() {
      return sd;
    }

    SDVariable variable(String initializer) {
      SDVariable v = variables.get(initializer);
      if (v == null) {
        Tensor t = graph.initializer(initializer);
        String name = fresh(initializer);
        v = sd.var(name, toArray(t));
        variables.put(initializer, v);
        params.put(initializer, new Param(initializer, name, t.shape().rank() > 1));
      }
      return v;
    }

    SDVariable maskedWeight(String initializer, SDVariable w) {
      if (!maskable.contains(initializer)) {
        return w;
      }
      SDVariable m = masked.get(initializer);
      if (m == null) {
        Tensor t = graph.initializer(initializer);
        String maskName = fresh(initializer + "_mask");
        SDVariable gamma = sd.constant(maskName, Nd4j.ones(DataType.FLOAT, t.shape().toArray()));
        maskConstants.put(initializer, maskName);
        m = w.mul(fresh(initializer + "_masked"), gamma);
        masked.put(initializer, m);
      }
      return m;
    }

    SDVariable constant(String initializer) {
      SDVariable c = constants.get(initializer);
      if (c == null) {
        c = sd.constant(fresh(initializer), toArray(graph.initializer(initializer)));
        constants.put(initializer, c);
      }
      return c;
    }

    void batchStatistics(Node bn, SDVariable mean, SDVariable var, long spatialCount) {
      double momentum = bn.attrs().getFloat("momentum", 0.9f);
      bnStats.add(new BnStats(bn.name(), bn.input(3), bn.input(4), constant(bn.input(3)).name(),
          constant(bn.input(4)).name(), mean.name(), var.name(), momentum, spatialCount));
    }

    /** A SameDiff-safe name derived from {@code base}, unique in this graph. */
    String fresh(String base) {
      String s = base.replaceAll("[^A-Za-z0-9_]", "_");
      String name = s;
      for (int i = 1; !usedNames.add(name); i++) {
        name = s + "_" + i;
      }
      return name;
    }

    TrainingGraph build(String trainLogits, String evalLogits) {
      return new TrainingGraph(this, trainLogits, evalLogits);
    }
  }
}
