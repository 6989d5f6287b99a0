package bsc.cli;

import bsc.sparsify.LayerMask;
import bsc.sparsify.MaskSidecar;
import bsc.sparsify.MaskVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc verify OUT.onnx [--mask OUT.mask.json]}: every masked block zero, weights digest as recorded. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Check a pruned model against its mask sidecar: every masked block is exactly zero and the"
        + " weights are the ones the mask was written for (SHA-256). Exit 2 names the first offending layer and block.")
final class VerifyCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL.onnx", description = "The pruned ONNX file.")
  Path model;

  @Option(names = "--mask", paramLabel = "MASK.json", description = "The sidecar (default: MODEL.mask.json beside the model).")
  Path mask;

  @Override
  public Integer call() {
    Path sidecar = mask != null ? mask : PruneCommand.sidecarOf(model);
    LoadedModel m = ModelResolver.resolve(model.toString());
    List<LayerMask> layers = MaskVerifier.verify(m.graph(), MaskSidecar.read(sidecar), sidecar.toString());
    long zero = layers.stream().mapToLong(l -> l.mask().zeroBlocks()).sum();
    long blocks = layers.stream().mapToLong(l -> l.mask().blocks()).sum();
    spec.commandLine().getOut().println(PlainText.oneLine("ok: " + model + " matches " + sidecar + " (" + layers.size()
        + " layers, " + zero + " of " + blocks + " blocks zero)"));
    return 0;
  }
}
