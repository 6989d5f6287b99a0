package bsc.cli;

import bsc.aie2.TargetLoader;
import bsc.cli.compile.CompileOptions;
import bsc.cli.compile.CompilePipeline;
import bsc.cli.compile.CompileResult;
import bsc.cli.compile.CompileSummary;
import bsc.cli.compile.PrunedModel;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.models.BuiltinModels;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.BlockShape;
import bsc.sparsify.quant.QuantizedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc compile MODEL}: prune, lower, verify and simulate, dense baseline beside compacted (DESIGN.md 8). */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
        "Compile a model for an AIE2 array: canonical passes, block pruning (all convs but the first, as the"
            + " paper), lowering to a bsc-program/1 program, the program verifier, and the timing simulation."
            + " Every result is a pair: the dense baseline (the same pruned model without compaction, zero blocks"
            + " moved and computed) beside the compacted program. Prints the summary: weights, latency, speed-up"
            + " and the layers that gained most and least, with the reason where a layer gained little.",
        "",
        "weights.bin: without --int8 the program is compiled for timing only: weights.bin holds the real chunk"
            + " structure (headers, nonzero block indices, sizes) and zero values, because INT8 biases and"
            + " shifts need activation ranges from FP32 calibration runs. --int8 (or --calibration) quantizes"
            + " with power-of-two scales first; that runs the model in FP32 on ND4J and takes seconds."})
final class CompileCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP)
  String model;

  @Option(names = "--block", paramLabel = "RxC", defaultValue = "8",
      description = "Pruning block, N or RxC (default: ${DEFAULT-VALUE}, i.e. 8x8; the array skips all-zero 8x8 blocks).")
  String block;

  @Option(names = "--sparsity", paramLabel = "R", defaultValue = "0.5",
      description = "Fraction of zero blocks per eligible layer, in [0, 1); 0 keeps the model's own zeros"
          + " (default: ${DEFAULT-VALUE}).")
  double sparsity;

  @Option(names = "--target", paramLabel = "NAME", defaultValue = "aie2",
      description = "Backend; only aie2 exists (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--array", paramLabel = "RxC|PRESET|FILE", defaultValue = "4x4",
      description = "The array: RxC of the paper's array (2x2..8x8), a preset (" + "paper, phoenix, hawkpoint, strix,"
          + " ve2802) or a target JSON file (default: ${DEFAULT-VALUE}).")
  String array;

  @Option(names = "--timing", paramLabel = "MODEL", defaultValue = "detailed",
      description = "Timing model: detailed (event-driven) or paper (the authors' estimate) (default: ${DEFAULT-VALUE}).")
  String timing;

  @Option(names = "--no-compaction", description = "Write the dense baseline (zero blocks kept) as the program.")
  boolean noCompaction;

  @Option(names = "--include-classifier",
      description = "Compile the trailing classifier too (default: on the host, as the paper's estimates).")
  boolean includeClassifier;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of a built-in model's weights (default: the built-in seed).")
  Long seed;

  @Option(names = "--int8", description = "Quantize to INT8 so weights.bin holds real values (loads the FP32 executor).")
  boolean int8;

  @Mixin
  Int8Quantization quantization;

  @Option(names = "--verify", description = "Also run the program functionally and compare with the INT8 executor.")
  boolean verify;

  @Option(names = {"-o", "--output"}, paramLabel = "OUTDIR",
      description = "Write program.json, program.txt, weights.bin, kernels/, trace.json, layers.csv and report.html"
          + " here (created if missing; each file replaced atomically).")
  Path output;

  @Option(names = "--json", description = "Print the summary and per-layer table as JSON instead of text.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success (with --json, only the JSON).")
  boolean quiet;

  @Override
  public Integer call() {
    if (!"aie2".equals(target)) {
      throw new BscException("--target", "'" + target + "' is not a backend (only aie2)");
    }
    if (verify) {
      throw new BscException("--verify", "the functional simulator of AIE2 programs is not available yet (the"
          + " simulator has timing only); compile without --verify: the program verifier always runs");
    }
    PrintWriter err = spec.commandLine().getErr();
    CompileOptions o = new CompileOptions(BlockShape.parse(block), sparsity, TargetLoader.load(array),
        TimingModel.parse(timing), !noCompaction, !includeClassifier, output != null);
    LoadedModel m = load();
    CompilePipeline pipeline = new CompilePipeline(m.name(), m.graph());
    PrunedModel pruned = pipeline.prune(o.block(), o.sparsity());
    CompileResult r = pipeline.compile(pruned, o, int8 || quantization.calibration != null ? quantizer(m, err) : null);
    List<String> files = output == null ? List.of() : CompileOutputs.names(r);
    CompileSummary s = CompileSummary.of(r, m.source(), files);
    if (output != null) {
      CompileOutputs.write(output, r, s);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonOutput.write(s, out);
    } else if (!quiet) {
      CompileText.print(s, out);
    }
    if (output != null && !quiet) {
      err.println(PlainText.oneLine("bsc: wrote " + output + ": " + String.join(", ", CompileOutputs.topLevel(files))));
    }
    return 0;
  }

  private LoadedModel load() {
    if (seed == null) {
      return ModelResolver.resolve(model);
    }
    if (!BuiltinModels.has(model)) {
      throw new BscException("--seed", "applies to built-in models only, '" + model + "' is not one");
    }
    return new LoadedModel(model, "built-in", BuiltinModels.build(model, seed));
  }

  private Function<Graph, QuantizedModel> quantizer(LoadedModel m, PrintWriter err) {
    return g -> quantization.quantize(new LoadedModel(m.name(), m.source(), g, true), err);
  }
}
