package bsc.cli;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnxio.OnnxExporter;
import bsc.sparsify.BlockShape;
import bsc.sparsify.Criterion;
import bsc.sparsify.MaskSidecar;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.SparsityPlan;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sim.fp32.OutputChange;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc prune MODEL -o OUT.onnx}: block pruning; writes the pruned ONNX and OUT.mask.json beside it. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {"Zero the lowest-scored RxC weight blocks of every eligible conv (the paper's one-shot mask)"
        + " and write an ordinary ONNX file plus a mask sidecar OUT.mask.json. Without --sparsity or --plan,"
        + " the zeros the model already carries are kept and described."})
final class PruneCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP)
  String model;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.onnx", description = "The pruned model.")
  Path output;

  @Option(names = "--block", paramLabel = "RxC", defaultValue = "8x8", description = "Block shape (default: ${DEFAULT-VALUE}).")
  String block;

  @Option(names = "--sparsity", paramLabel = "R", description = "Fraction of zero blocks per eligible layer, in [0, 1).")
  Double sparsity;

  @Option(names = "--criterion", defaultValue = "l2", description = "Block score: l2, l1 or variance (default: ${DEFAULT-VALUE}).")
  String criterion;

  @Option(names = "--bn-aware", description = "Scale each output channel by gamma/sqrt(var+eps) of a following BatchNorm before scoring.")
  boolean bnAware;

  @Option(names = "--global", description = "One score threshold over all eligible layers (scores normalised per layer) instead of the ratio per layer.")
  boolean global;

  @Option(names = "--plan", paramLabel = "plan.json", description = "Per-layer ratios: {\"layers\": {\"glob\": ratio | \"dense\"}}; last match wins.")
  Path plan;

  @Option(names = "--include-fc", description = "Prune fully connected layers too.")
  boolean includeFc;

  @Option(names = "--prune-first-conv", description = "Prune the first conv too.")
  boolean firstConv;

  @Option(names = "--no-empty-lines", description = "Never zero a whole block row or block column.")
  boolean noEmptyLines;

  @Option(names = "--balance", paramLabel = "K", defaultValue = "0", description = "K consecutive groups of block rows keep equal numbers of blocks.")
  int balance;

  @Option(names = "--json", description = "Print the per-layer report as JSON.")
  boolean json;

  @Option(names = "--output-change", description = "Run the dense and the pruned model on the FP32 executor and"
      + " report each layer's relative output change, alone (pruned weights on dense activations) and cumulative"
      + " (in the pruned model). Costs the executor's start-up and two inferences.")
  boolean outputChange;

  @Option(names = "--input", paramLabel = "[NAME=]FILE", description = "With --output-change: the input (.npy"
      + " float32, NAME= for one of several model inputs); default: a seeded N(0,1) sample.")
  List<String> inputs;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "With --output-change and no --input: seed of the N(0,1) sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    PruneOptions o = new PruneOptions(BlockShape.parse(block), sparsity, Criterion.parse(criterion), bnAware,
        global ? PruneOptions.Policy.GLOBAL : PruneOptions.Policy.UNIFORM,
        plan == null ? null : SparsityPlan.load(plan), includeFc, firstConv, noEmptyLines, balance);
    LoadedModel m = ModelResolver.resolve(model);
    Pruner.Result r = Pruner.prune(m.graph(), o);
    ModelProto proto = OnnxExporter.toModel(r.graph());
    Path sidecar = sidecarOf(output);
    AtomicFileWriter.write(output, proto::writeTo);
    byte[] maskJson = MaskSidecar.toJson(r.masks());
    AtomicFileWriter.write(sidecar, out -> out.write(maskJson));
    PruneReport report = PruneReport.of(model, r.graph(), r.masks(),
        outputChange ? measureOutputChange(m.graph(), r) : Map.of());
    if (json) {
      JsonOutput.write(report, spec.commandLine().getOut());
    } else {
      report.printText(spec.commandLine().getOut());
    }
    spec.commandLine().getErr().println(PlainText.oneLine("bsc: wrote " + output + " and " + sidecar));
    return 0;
  }

  /** The FP32 executor's relative output changes of every masked layer (ND4J is loaded only here). */
  private Map<String, OutputChange.Change> measureOutputChange(Graph dense, Pruner.Result r) {
    Map<String, Tensor> feeds = inputs == null || inputs.isEmpty()
        ? CalibrationInputs.seededNormal(dense, 1, seed).samples().get(0)
        : RunInputs.read(dense, inputs, null, null);
    List<String> layers = r.masks().list().stream().map(l -> l.layer().node()).toList();
    return OutputChange.measure(dense, r.graph(), layers, feeds, 2);
  }

  /** OUT.onnx -> OUT.mask.json (the sidecar sits beside the model). */
  static Path sidecarOf(Path onnx) {
    String name = onnx.getFileName().toString();
    String stem = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    return onnx.resolveSibling(stem + ".mask.json");
  }
}
