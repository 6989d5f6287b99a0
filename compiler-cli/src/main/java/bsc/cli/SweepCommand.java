package bsc.cli;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.cli.sweep.Combination;
import bsc.cli.sweep.PipelineRunner;
import bsc.cli.sweep.SweepAxes;
import bsc.cli.sweep.SweepCsv;
import bsc.cli.sweep.SweepExecutor;
import bsc.cli.sweep.SweepGrid;
import bsc.cli.sweep.SweepOutput;
import bsc.cli.sweep.SweepPlot;
import bsc.cli.sweep.SweepProgress;
import bsc.ir.BscException;
import bsc.models.BuiltinModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc sweep MODEL... --sparsity LIST --array LIST -o results.csv}: one CSV row per combination. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    subcommands = SweepMergeCommand.class,
    description = {"Compile and simulate every combination of MODELs, block shapes, sparsities, arrays and timing"
        + " models, and write one CSV row each: latency of the dense baseline (the same pruned model without"
        + " compaction) and of the compacted program, speed-up, weight MB, the share of time in layers bound by"
        + " compute, weights, activations and DDR, and status (ok or failed, with the reason).",
        "Rows come out in a canonical order with fixed number formats, so the same sweep gives the same bytes"
            + " whatever --jobs. Resumable: rows already in the output are skipped, and each finished row is"
            + " appended and forced to disk at once, so an interrupted sweep loses nothing; run it again.",
        "Sharding (--shard I/N, I from 1): number the (model, block, sparsity) groups 0, 1, ... in canonical"
            + " order (model name, block, sparsity); shard I runs the groups numbered I-1 modulo N (with fewer"
            + " groups than shards, the rows instead). Give every shard the same arguments and join the outputs"
            + " with 'bsc sweep merge'."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:every combination succeeded",
        "1:internal error, a bug in bsc",
        "2:bad usage or bad input (one line 'bsc: error: <where>: <what>' on stderr)",
        "3:some combinations failed: their rows say status=failed and why"})
final class SweepCommand implements Callable<Integer> {
  static final int SOME_FAILED = 3;
  private static final int MAX_JOBS = 256;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", arity = "0..*", description = ModelResolver.MODEL_HELP)
  List<String> models;

  @Option(names = "--sparsity", paramLabel = "LIST", description = "Fractions of zero blocks per eligible layer:"
      + " values and ranges FROM:TO:STEP, comma-separated (0,0.25,0.5 or 0:0.9:0.1; exact decimal steps).")
  String sparsity;

  @Option(names = "--array", paramLabel = "LIST", description = "Arrays: RxC, ranges of square arrays (2x2..8x8),"
      + " presets (" + "paper, phoenix, hawkpoint, strix, ve2802) or target JSON files, comma-separated.")
  String array;

  @Option(names = "--block", paramLabel = "LIST", defaultValue = "8",
      description = "Block shapes, comma-separated (8 is 8x8; 4x8 ...; default: ${DEFAULT-VALUE}).")
  String block;

  @Option(names = "--timing", paramLabel = "LIST", defaultValue = "detailed",
      description = "Timing models: detailed, paper or detailed,paper (default: ${DEFAULT-VALUE}).")
  String timing;

  @Option(names = "--jobs", paramLabel = "N", description = "Combinations run in parallel in this JVM, sharing"
      + " imported and pruned models (default: the number of cores).")
  Integer jobs;

  @Option(names = "--shard", paramLabel = "I/N", description = "Run only slice I of N (rule above).")
  String shard;

  @Option(names = {"-o", "--output"}, paramLabel = "results.csv", description = "The CSV (created, or resumed).")
  Path output;

  @Option(names = "--retry-failed", description = "Run again the combinations whose rows say failed.")
  boolean retryFailed;

  @Option(names = "--plot", paramLabel = "sweep.svg", description = "Also draw latency and speed-up against"
      + " sparsity, one line per array, as a self-contained SVG.")
  Path plot;

  @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary on stderr.")
  boolean quiet;

  @Override
  public Integer call() {
    List<String> names = modelNames();
    List<Combination> all = SweepGrid.all(names, SweepAxes.blocks(block), SweepAxes.sparsities(required(sparsity,
        "--sparsity")), SweepAxes.arrays(required(array, "--array")), SweepAxes.timings(timing));
    if (output == null) {
      throw new BscException("-o", "the results CSV is required (e.g. -o results.csv)");
    }
    List<Combination> mine = SweepGrid.slice(all, shard == null ? SweepGrid.Shard.ALL : SweepGrid.Shard.parse(shard));
    int threads = jobs();
    Map<String, Aie2Target> targets = targets(all);
    long start = System.nanoTime();
    int ran;
    List<SweepCsv.Line> lines;
    int failed = 0;
    try (SweepOutput out = SweepOutput.open(output)) {
      List<Combination> todo = mine.stream().filter(c -> !out.has(c, retryFailed)).toList();
      ran = todo.size();
      PipelineRunner runner = new PipelineRunner(m -> ModelResolver.resolve(m).graph(), targets, todo);
      try (SweepProgress progress = SweepProgress.of(!quiet && SweepProgress.terminal(), todo.size())) {
        SweepExecutor.run(todo, runner, threads, out, progress);
      }
      out.finish();
      for (Combination c : mine) {
        failed += out.isOk(c) ? 0 : 1;
      }
      Set<Combination> wanted = new HashSet<>(mine);
      lines = out.lines().stream().filter(l -> wanted.contains(l.combination())).toList();
    }
    if (plot != null) {
      SweepPlot.write(plot, lines);
    }
    if (!quiet) {
      spec.commandLine().getErr().println(PlainText.oneLine(String.format(Locale.ROOT,
          "bsc: wrote %s: %d rows of this sweep (%d run now, %d already there), %d failed, %.1f s%s", output,
          mine.size(), ran, mine.size() - ran, failed, (System.nanoTime() - start) / 1e9,
          plot == null ? "" : "; plot " + plot)));
    }
    return failed > 0 ? SOME_FAILED : 0;
  }

  private List<String> modelNames() {
    if (models == null || models.isEmpty()) {
      throw new BscException("sweep", "no MODEL given (e.g. bsc sweep resnet50 --sparsity 0,0.5 --array 4x4 -o r.csv)");
    }
    List<String> names = new ArrayList<>();
    for (String m : models) {
      if (!m.equals(PlainText.oneLine(m))) {
        throw new BscException(PlainText.oneLine(m), "a MODEL name may not hold control characters");
      }
      if (!BuiltinModels.has(m) && !Files.isRegularFile(Path.of(m))) {
        throw new BscException(m, "no such file or built-in model (known: " + String.join(", ", BuiltinModels.names())
            + ")");
      }
      if (!names.contains(m)) {
        names.add(m);
      }
    }
    return names;
  }

  private int jobs() {
    int n = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
    if (n < 1 || n > MAX_JOBS) {
      throw new BscException("--jobs", "must be between 1 and " + MAX_JOBS + ", got " + n);
    }
    return n;
  }

  /** Every array's target, loaded before any work, so a bad array is a usage error and not a failed row. */
  private static Map<String, Aie2Target> targets(List<Combination> combinations) {
    Map<String, Aie2Target> targets = new LinkedHashMap<>();
    for (Combination c : combinations) {
      targets.computeIfAbsent(c.array(), TargetLoader::load);
    }
    return targets;
  }

  private static String required(String value, String option) {
    if (value == null) {
      throw new BscException(option, "required (e.g. --sparsity 0,0.5 --array 4x4)");
    }
    return value;
  }
}
