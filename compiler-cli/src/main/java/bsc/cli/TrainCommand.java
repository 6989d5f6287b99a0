package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.onnxio.OnnxExporter;
import bsc.sparsify.BlockShape;
import bsc.sparsify.Criterion;
import bsc.sparsify.MaskSidecar;
import bsc.sparsify.PrunableLayer;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.train.BlockSparseTrainer;
import bsc.sparsify.train.Checkpoint;
import bsc.sparsify.train.Distillation;
import bsc.sparsify.train.LabeledImages;
import bsc.sparsify.train.PruneSchedule;
import bsc.sparsify.train.TrainOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bsc train MODEL --data fashion-mnist -o OUT.onnx}: trains the model (dense), or prunes it in blocks
 * and fine-tunes it with the masks fixed (paper-facts.md section 2.2: one-shot, method (a), or incremental,
 * method (b)). Writes OUT.onnx, OUT.mask.json when pruned, and a checkpoint after every epoch.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {"Train a model on labelled images with ND4J (dense), or prune it in blocks and fine-tune it"
        + " with the block masks fixed (W * mask in every forward pass, so pruned weights stay exactly zero)."})
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP
      + " The raw (not canonicalized) graph is trained; BatchNormalization uses batch statistics.")
  String model;

  @Option(names = "--data", required = true, paramLabel = "DATA", description = "Training data: " + DataSource.HELP)
  String data;

  @Option(names = "--test-data", paramLabel = "DATA",
      description = "Data whose top-1 accuracy is reported after every epoch (default: the test split of"
          + " fashion-mnist; none for .npy data).")
  String testData;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--sparsity", paramLabel = "R",
      description = "Fraction of zero blocks per eligible conv (all but the first); without it, dense training.")
  Double sparsity;

  @Option(names = "--block", paramLabel = "RxC", defaultValue = "8x8",
      description = "Block shape: R output x C input channels, N for NxN, or 'channel' for whole output"
          + " channels (structured pruning) (default: ${DEFAULT-VALUE}).")
  String block;

  @Option(names = "--schedule", paramLabel = "S", defaultValue = "oneshot",
      description = "oneshot: zero all blocks before the first step; incremental: rounds spread over the run,"
          + " each zeroing at most --round-fraction of the remaining blocks (default: ${DEFAULT-VALUE}).")
  String schedule;

  @Option(names = "--round-fraction", paramLabel = "F", defaultValue = "0.2",
      description = "Incremental schedule: largest fraction of a layer's remaining blocks one round zeroes"
          + " (default: ${DEFAULT-VALUE}, the paper's).")
  double roundFraction;

  @Option(names = "--criterion", paramLabel = "C", defaultValue = "l2",
      description = "Block score: l2, l1 or variance (default: ${DEFAULT-VALUE}).")
  String criterion;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Use only the first N training images (default: all).")
  int limit;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "Mini-batch (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(names = "--lr", paramLabel = "X",
      description = "Peak learning rate (default: 0.05, with 100 warm-up steps when training dense, none when"
          + " fine-tuning after pruning: learning-rate rewinding, docs/RESULTS.md \"Training\").")
  Double learningRate;

  @Option(names = "--distill", negatable = true,
      description = "Fine-tune with knowledge distillation from the model before pruning (Hinton et al. 2015):"
          + " loss = (1-a) CE(labels) + a T^2 KL(teacher || student) at temperature T (default: off, the labels"
          + " only, as the paper fine-tunes).")
  Boolean distill;

  @Option(names = "--distill-alpha", paramLabel = "A",
      description = "Weight a of the distillation term, in [0, 1] (default: 0.9).")
  Double distillAlpha;

  @Option(names = "--distill-temperature", paramLabel = "T",
      description = "Softmax temperature T of the distillation term (default: 4).")
  Double distillTemperature;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the shuffling (default: ${DEFAULT-VALUE}); the same seed gives the same weights.")
  long seed;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.onnx", description = "The trained model.")
  Path output;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Checkpoint written after every epoch (default: OUT.onnx.ckpt).")
  Path checkpoint;

  @Option(names = "--resume", description = "Continue from the checkpoint of an interrupted run with the same settings.")
  boolean resume;

  @Option(names = {"-q", "--quiet"}, description = "No progress output.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "A line per epoch and pruning round on stderr even when"
      + " it is not a terminal.")
  boolean verbose;

  @Option(names = "--json", description = "Print the per-epoch statistics as JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    Graph graph = ModelResolver.resolve(model).graph();
    PruneSchedule sched = schedule(graph);
    TrainOptions options = (sched.options() == null ? TrainOptions.dense(epochs, seed) : TrainOptions.fineTune(epochs, seed))
        .withBatchSize(batchSize).withDistillation(distillation(sched.options() != null));
    if (learningRate != null) {
      options = options.withLearningRate(learningRate);
    }
    LabeledImages train = DataSource.load(data, true, limit);
    String testSpec = testData != null ? testData : DataSource.hasTestSplit(data) ? data : null;
    LabeledImages test = testSpec == null ? null : DataSource.load(testSpec, false, 0);
    Path ckpt = checkpoint != null ? checkpoint : Path.of(output + ".ckpt");
    Checkpoint from = resume ? readCheckpoint(ckpt) : null;
    boolean terminal = System.console() != null && !quiet;
    TrainingProgress progress = new TrainingProgress(spec.commandLine().getErr(), terminal, !quiet && (terminal || verbose), ckpt);
    BlockSparseTrainer.Result r;
    try {
      r = new BlockSparseTrainer(graph, train, test, options, sched, progress).run(from);
    } finally {
      progress.close();
    }
    AtomicFileWriter.write(output, OnnxExporter.toModel(r.graph())::writeTo);
    if (r.masks() != null) {
      AtomicFileWriter.write(sidecar(output), out -> out.write(MaskSidecar.toJson(r.masks())));
    }
    TrainReport report = TrainReport.of(model, data, sched.describe(), options, r);
    if (json) {
      JsonOutput.write(report, spec.commandLine().getOut());
    } else {
      report.print(spec.commandLine().getOut());
    }
    return 0;
  }

  /** The distillation settings, or null: off unless asked for; never for dense training. */
  private Distillation distillation(boolean pruning) {
    boolean on = distill != null && distill;
    if (on && !pruning) {
      throw new BscException("--distill", "needs --sparsity: the teacher is the model before pruning");
    }
    if (!on) {
      if (distillAlpha != null || distillTemperature != null) {
        throw new BscException(distillAlpha != null ? "--distill-alpha" : "--distill-temperature",
            "only applies with --distill");
      }
      return null;
    }
    Distillation d = Distillation.DEFAULT;
    return new Distillation(distillAlpha != null ? distillAlpha : d.alpha(),
        distillTemperature != null ? distillTemperature : d.temperature());
  }

  private PruneSchedule schedule(Graph graph) {
    if (sparsity == null) {
      return new PruneSchedule.Dense();
    }
    PruneOptions p = PruneOptions.paper(sparsity).withBlock(blockShape(graph))
        .withPolicy(PruneOptions.Policy.UNIFORM, Criterion.parse(criterion), false);
    return switch (schedule) {
      case "oneshot" -> new PruneSchedule.OneShot(p);
      case "incremental" -> new PruneSchedule.Incremental(p, roundFraction);
      default -> throw new BscException("--schedule", "expected oneshot or incremental, got '" + schedule + "'");
    };
  }

  /** The --block shape; {@code channel} is one output channel by every input channel of the widest layer. */
  private BlockShape blockShape(Graph graph) {
    if (!block.equals("channel")) {
      return BlockShape.parse(block);
    }
    int widest = 1;
    for (PrunableLayer l : PrunableLayer.find(graph)) {
      widest = Math.max(widest, l.inChannels());
    }
    return new BlockShape(1, widest);
  }

  private static Checkpoint readCheckpoint(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return Checkpoint.read(in, p.toString());
    } catch (NoSuchFileException e) {
      throw new BscException("--resume", "no checkpoint " + p + " to resume from");
    } catch (IOException e) {
      throw new BscException(p.toString(), "cannot read: " + e.getMessage());
    }
  }

  /** OUT.mask.json beside OUT.onnx (the mask sidecar of a pruned model). */
  static Path sidecar(Path onnx) {
    String name = onnx.getFileName().toString();
    String base = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    return onnx.resolveSibling(base + ".mask.json");
  }
}
