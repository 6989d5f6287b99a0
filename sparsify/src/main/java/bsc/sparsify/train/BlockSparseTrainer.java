package bsc.sparsify.train;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.sparsify.BlockGrid;
import bsc.sparsify.BlockShape;
import bsc.sparsify.LayerMask;
import bsc.sparsify.MaskSet;
import bsc.sparsify.PrunableLayer;
import bsc.sparsify.Pruner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a bsc graph on labelled images with ND4J SameDiff, dense or with block masks that a
 * {@link PruneSchedule} sets (paper-facts.md section 2.2, methods (a) and (b)). The result is the same graph
 * with trained weights and BatchNormalization statistics, ready for {@code bsc prune/quantize/compile}.
 *
 * <p>Deterministic on one machine: the shuffle of epoch e is drawn from (seed, e), and resuming from the
 * {@link Checkpoint} of an epoch reproduces the uninterrupted run's weights exactly.
 */
public final class BlockSparseTrainer {
  /** The outcome: trained graph, masks of its zero blocks (null when dense), and the epochs' statistics. */
  public record Result(Graph graph, MaskSet masks, List<EpochStats> history) {}

  /** SameDiff leaves its intermediate arrays to the garbage collector; collect this often to bound memory. */
  private static final int GC_EVERY_STEPS = 4;
  private static final int EVAL_BATCH = 500;

  private final Graph model;
  private final LabeledImages train;
  private final LabeledImages test;
  private final TrainOptions options;
  private final PruneSchedule schedule;
  private final TrainingListener listener;

  public BlockSparseTrainer(Graph model, LabeledImages train, LabeledImages test, TrainOptions options,
      PruneSchedule schedule, TrainingListener listener) {
    this.model = model;
    this.train = train;
    this.test = test;
    this.options = options;
    this.schedule = schedule;
    this.listener = listener == null ? new TrainingListener() {} : listener;
  }

  public Result run(Checkpoint resume) {
    int stepsPerEpoch = train.count() / options.batchSize();
    if (stepsPerEpoch < 1) {
      throw new BscException("training data", train.count() + " images are fewer than one batch of "
          + options.batchSize());
    }
    long totalSteps = (long) stepsPerEpoch * options.epochs();
    String run = Checkpoint.fingerprint(model, settings());
    if (resume != null && !resume.run().equals(run)) {
      throw new BscException("--resume", "the checkpoint is of a different run (model, data or settings differ)");
    }
    int classes = checkData();
    if (options.distillation() != null && schedule.options() == null) {
      throw new BscException("--distill", "needs pruning (--sparsity): the teacher is the model before pruning");
    }
    MaskRounds rounds = MaskRounds.plan(model, schedule, totalSteps);
    Nd4jSetup.start();
    TrainingGraph tg = GraphLowering.lower(model, new java.util.LinkedHashSet<>(rounds.maskedWeights()),
        options.distillation());
    // The graph holds the unpruned model until the first round: it is the teacher (also when resuming).
    float[] teacher = options.distillation() == null ? null : inferLogits(tg, train);
    NesterovSgd sgd = new NesterovSgd(options.momentum(), options.weightDecay());
    List<EpochStats> history = new ArrayList<>();
    int firstEpoch = 0;
    if (resume != null) {
      firstEpoch = restore(tg, sgd, resume, history);
    }
    Graph current = null;
    Loop loop = new Loop(tg, sgd, rounds, stepsPerEpoch, totalSteps, classes, teacher);
    for (int epoch = firstEpoch; epoch < options.epochs(); epoch++) {
      EpochStats stats = epoch(loop, epoch);
      current = loop.exported;
      history.add(stats);
      listener.onEpoch(stats, new Checkpoint(epoch + 1, (epoch + 1L) * stepsPerEpoch, run, current,
          sgd.state(tg.params()), masks(tg), List.copyOf(history)));
    }
    if (current == null) {
      current = tg.export();
    }
    MaskSet masks = schedule.options() == null ? null : Pruner.prune(current, schedule.options().withRatio(null)).masks();
    return new Result(current, masks, List.copyOf(history));
  }

  /** The state one run's epochs share. */
  private static final class Loop {
    final TrainingGraph tg;
    final NesterovSgd sgd;
    final MaskRounds rounds;
    final int stepsPerEpoch;
    final long totalSteps;
    final int classes;
    /** The teacher's logits of every training image (image-major), or null without distillation. */
    final float[] teacher;
    Graph exported;

    Loop(TrainingGraph tg, NesterovSgd sgd, MaskRounds rounds, int stepsPerEpoch, long totalSteps, int classes,
        float[] teacher) {
      this.teacher = teacher;
      this.tg = tg;
      this.sgd = sgd;
      this.rounds = rounds;
      this.stepsPerEpoch = stepsPerEpoch;
      this.totalSteps = totalSteps;
      this.classes = classes;
    }
  }

  /** Trains one epoch, then exports the weights (into {@code loop.exported}) and measures them. */
  private EpochStats epoch(Loop loop, int epoch) {
    long started = System.nanoTime();
    int[] order = shuffle(epoch);
    double lossSum = 0;
    long correct = 0;
    double lr = 0;
    for (int s = 0; s < loop.stepsPerEpoch; s++) {
      long step = (long) epoch * loop.stepsPerEpoch + s;
      applyRounds(loop.tg, loop.sgd, loop.rounds, step);
      lr = options.learningRateAt(step, loop.totalSteps);
      double[] lossAndCorrect = step(loop, order, s, lr);
      lossSum += lossAndCorrect[0];
      correct += (long) lossAndCorrect[1];
      listener.onStep(epoch, s, loop.stepsPerEpoch, lossAndCorrect[0], lossAndCorrect[1] / options.batchSize());
      if (s % GC_EVERY_STEPS == GC_EVERY_STEPS - 1) {
        System.gc();
      }
    }
    loop.exported = loop.tg.export();
    double testAccuracy = test == null ? Double.NaN : accuracy(loop.tg, test);
    return new EpochStats(epoch + 1, lossSum / loop.stepsPerEpoch,
        (double) correct / ((long) loop.stepsPerEpoch * options.batchSize()), testAccuracy,
        (System.nanoTime() - started) / 1e9, zeroRatio(loop.exported, loop.rounds), lr);
  }

  /** One optimizer step on batch {@code s} of the epoch's order; returns {loss, correct predictions}. */
  private double[] step(Loop loop, int[] order, int s, double lr) {
    TrainingGraph tg = loop.tg;
    int classes = loop.classes;
    int bs = options.batchSize();
    int elems = train.imageElements();
    float[] x = new float[bs * elems];
    float[] y = new float[bs * classes];
    float[] t = loop.teacher == null ? null : new float[bs * classes];
    int[] labels = new int[bs];
    for (int i = 0; i < bs; i++) {
      int idx = order[s * bs + i];
      System.arraycopy(train.images(), idx * elems, x, i * elems, elems);
      labels[i] = train.labels()[idx];
      y[i * classes + labels[i]] = 1f;
      if (t != null) {
        System.arraycopy(loop.teacher, idx * classes, t, i * classes, classes);
      }
    }
    try (INDArray xa = Nd4j.create(x, new long[] {bs, train.channels(), train.height(), train.width()}, 'c');
        INDArray ya = Nd4j.create(y, new long[] {bs, classes}, 'c');
        INDArray ta = t == null ? null : Nd4j.create(t, new long[] {bs, classes}, 'c')) {
      OutAndGrad og = tg.forwardBackward(xa, ya, ta);
      Map<String, INDArray> out = og.getOutputs();
      double loss = out.get(TrainingGraph.LOSS).getDouble(0);
      if (!Double.isFinite(loss)) {
        throw new BscException("training", "the loss became " + loss + " (learning rate " + lr + " too high?)");
      }
      long correct = countCorrect(out.get(tg.trainLogitsName()), labels);
      loop.sgd.step(tg, og.getGradients(), lr);
      tg.updateRunningStatistics(out, bs);
      og.getGradients().values().forEach(INDArray::close);
      out.values().forEach(INDArray::close);
      return new double[] {loss, correct};
    }
  }

  /** Applies every round scheduled for {@code step}: prune the current weights, reload them and set masks. */
  private void applyRounds(TrainingGraph tg, NesterovSgd sgd, MaskRounds rounds, long step) {
    List<MaskRounds.Round> all = rounds.rounds();
    for (int r = 0; r < all.size(); r++) {
      if (all.get(r).step() != step) {
        continue;
      }
      Pruner.Result pruned = rounds.apply(tg.export(), all.get(r));
      tg.load(pruned.graph());
      for (LayerMask m : pruned.masks().list()) {
        if (tg.maskedWeights().contains(m.layer().weight())) {
          float[] keep = expand(m, rounds.options().block());
          tg.setMask(m.layer().weight(), keep);
          try (INDArray k = Nd4j.create(keep, tg.maskShape(m.layer().weight()), 'c')) {
            sgd.mask(m.layer().weight(), k);
          }
        }
      }
      listener.onPrune(r + 1, all.size(), pruned.masks().eligibleRatio());
    }
  }

  /** The 0/1 mask of every weight element of a layer, in the weight's element order. */
  static float[] expand(LayerMask m, BlockShape block) {
    PrunableLayer l = m.layer();
    BlockGrid grid = l.grid(block);
    float[] keep = new float[(int) ((long) l.outChannels() * l.inChannels() * l.taps())];
    for (int br = 0; br < grid.blockRows(); br++) {
      for (int bc = 0; bc < grid.blockCols(); bc++) {
        if (!m.mask().isKept(br, bc)) {
          continue;
        }
        for (int o = grid.rowStart(br); o < grid.rowEnd(br); o++) {
          for (int i = grid.colStart(bc); i < grid.colEnd(bc); i++) {
            for (int t = 0; t < l.taps(); t++) {
              keep[(int) l.index(o, i, t)] = 1f;
            }
          }
        }
      }
    }
    return keep;
  }

  private int restore(TrainingGraph tg, NesterovSgd sgd, Checkpoint c, List<EpochStats> history) {
    tg.load(c.weights());
    sgd.restore(tg, c.velocity());
    for (Map.Entry<String, float[]> e : c.masks().entrySet()) {
      tg.setMask(e.getKey(), e.getValue());
    }
    history.addAll(c.history());
    return c.epochsDone();
  }

  private Map<String, float[]> masks(TrainingGraph tg) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String w : tg.maskedWeights()) {
      m.put(w, tg.mask(w));
    }
    return m;
  }

  /** Checks the images fit the model's input and the labels its classes; returns the class count. */
  private int checkData() {
    long[] in = GraphLowering.singleImageInput(model).type().shape().toArray();
    if (in[1] != train.channels() || in[2] != train.height() || in[3] != train.width()) {
      throw new BscException("training data", "images are " + train.channels() + "x" + train.height() + "x"
          + train.width() + " but the model takes " + in[1] + "x" + in[2] + "x" + in[3]);
    }
    int classes = (int) model.type(GraphLowering.logitsValue(model)).shape().dim(1);
    for (LabeledImages d : test == null ? List.of(train) : List.of(train, test)) {
      for (int label : d.labels()) {
        if (label >= classes) {
          throw new BscException("training data", "label " + label + " but the model has " + classes + " classes");
        }
      }
    }
    return classes;
  }

  private String settings() {
    return options + " " + schedule.describe() + " images=" + train.count();
  }

  private int[] shuffle(int epoch) {
    int[] order = new int[train.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(options.seed() * 1_000_003L + epoch);
    for (int i = order.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private static double zeroRatio(Graph g, MaskRounds rounds) {
    if (rounds.maskedWeights().isEmpty()) {
      return 0;
    }
    return Pruner.prune(g, rounds.options().withRatio(null)).masks().eligibleRatio();
  }

  /** Top-1 accuracy of the inference pass (running BN statistics) on {@code data}. */
  static double accuracy(TrainingGraph tg, LabeledImages data) {
    return (double) countCorrect(inferLogits(tg, data), data.labels()) / data.count();
  }

  /** Inference-pass logits (running BN statistics) of every image of {@code data}, image-major. */
  static float[] inferLogits(TrainingGraph tg, LabeledImages data) {
    int elems = data.imageElements();
    float[] all = null;
    for (int start = 0; start < data.count(); start += EVAL_BATCH) {
      int n = Math.min(EVAL_BATCH, data.count() - start);
      float[] x = java.util.Arrays.copyOfRange(data.images(), start * elems, (start + n) * elems);
      try (INDArray xa = Nd4j.create(x, new long[] {n, data.channels(), data.height(), data.width()}, 'c');
          INDArray logits = tg.inferLogits(xa)) {
        float[] v = logits.dup('c').data().asFloat();
        if (all == null) {
          all = new float[data.count() * (v.length / n)];
        }
        System.arraycopy(v, 0, all, start * (v.length / n), v.length);
      }
    }
    return all;
  }

  private static long countCorrect(INDArray logits, int[] labels) {
    return countCorrect(logits.dup('c').data().asFloat(), labels);
  }

  private static long countCorrect(float[] v, int[] labels) {
    int classes = v.length / labels.length;
    long correct = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (v[i * classes + c] > v[i * classes + best]) {
          best = c;
        }
      }
      correct += best == labels[i] ? 1 : 0;
    }
    return correct;
  }
}
