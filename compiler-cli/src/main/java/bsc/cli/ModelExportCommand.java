package bsc.cli;

import bsc.ir.Graph;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnxio.OnnxExporter;
import bsc.models.BuiltinModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc models export NAME -o FILE.onnx}: a built-in model as an ordinary ONNX file. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Write a built-in model, with its seeded weights, as an ONNX file (opset "
        + OnnxExporter.EXPORT_OPSET + ") that any ONNX runtime runs.")
final class ModelExportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "NAME", description = "A built-in model name (see 'bsc models').")
  String name;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.onnx",
      description = "The file to write (replaced atomically; left untouched on failure).")
  Path output;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "" + BuiltinModels.DEFAULT_SEED,
      description = "Seed of the synthetic weights (default: ${DEFAULT-VALUE}); equal seeds give equal files.")
  long seed;

  @Override
  public Integer call() throws Exception {
    Graph g = BuiltinModels.build(name, seed);
    ModelProto model = OnnxExporter.toModel(g);
    AtomicFileWriter.write(output, model::writeTo);
    spec.commandLine().getErr().println(
        PlainText.oneLine("bsc: wrote " + output + " (" + InspectionText.grouped(Files.size(output)) + " bytes)"));
    return 0;
  }
}
