package bsc.cli;

import bsc.sparsify.BlockShape;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc inspect MODEL}: per-node types, parameters and MACs, totals, and block-sparsity statistics. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
        "Print each node's output shape, parameters and MACs, the totals, and for each conv and fully"
            + " connected layer how many RxC weight blocks it has and what fraction of them is all zero."})
final class InspectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP)
  String model;

  @Option(names = "--block", paramLabel = "RxC", defaultValue = "8x8",
      description = "Block shape: R output x C input channels, or N for NxN (default: ${DEFAULT-VALUE}).")
  String block;

  @Option(names = "--json", description = "Print JSON (stable key order) instead of text.")
  boolean json;

  @Option(names = "--canonical",
      description = "Inspect the graph after the canonical passes (BatchNorm folded into convs, activations"
          + " fused, fully connected layers as 1x1 convs, dead code removed).")
  boolean canonical;

  @Override
  public Integer call() {
    BlockShape shape = BlockShape.parse(block);
    LoadedModel m = ModelResolver.resolve(model);
    Inspection report = Inspection.of(canonical ? m.canonicalized() : m, shape);
    if (json) {
      JsonOutput.write(report, spec.commandLine().getOut());
    } else {
      InspectionText.write(report, spec.commandLine().getOut());
    }
    return 0;
  }
}
