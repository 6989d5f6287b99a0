package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.Value;
import bsc.sim.fp32.Fp32Runner;
import bsc.sim.int8.Int8Executor;
import bsc.sim.io.NpyFormat;
import bsc.sparsify.quant.QuantizedModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bsc run MODEL --input x.npy [--int8]}: runs the model in FP32 on the reference executor, or
 * quantized on the bit-exact INT8 executor, and prints its top classes. ND4J is reached only from
 * {@link #call()}, so no other command pays its start-up.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Run a model in FP32 on the reference executor (ND4J) and print the top classes of classifier"
            + " outputs. Inputs are NumPy .npy float32 files, or raw little-endian float32 with --shape;"
            + " an input may be one sample (with or without its batch axis) or a batch. --int8 quantizes"
            + " the model first (see 'bsc quantize') and runs it in integers, block-sparse convs walking only"
            + " their nonzero blocks; a QDQ model that 'bsc quantize' wrote runs with its own integers."})
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP)
  String model;

  @Option(names = {"-i", "--input"}, required = true, paramLabel = "[NAME=]FILE",
      description = "An input file; NAME= selects the model input (needed when the model has several).")
  List<String> inputs;

  @Option(names = "--input-name", paramLabel = "NAME",
      description = "The model input that an --input without NAME= feeds.")
  String inputName;

  @Option(names = "--shape", paramLabel = "DIMS",
      description = "Shape of raw float32 input files, e.g. 1x3x224x224 (not needed for .npy).")
  String shape;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the output (--output-name, else the model's first) as .npy, atomically.")
  Path output;

  @Option(names = "--output-name", paramLabel = "NAME", description = "The model output -o writes.")
  String outputName;

  @Option(names = "--top", paramLabel = "K", defaultValue = "5",
      description = "Classes to print per sample of a classifier output (default: ${DEFAULT-VALUE}; 0: none).")
  int top;

  @Option(names = "--canonical",
      description = "Run the graph after the canonical passes (BatchNorm folded, activations fused).")
  boolean canonical;

  @Option(names = "--int8", description = "Quantize to INT8 and run the bit-exact integer executor.")
  boolean int8;

  @Option(names = "--dense", description = "With --int8: walk every weight, not only the nonzero 8x8 blocks.")
  boolean dense;

  @Mixin
  Int8Quantization quantization;

  @Override
  public Integer call() {
    if (output != null && !java.nio.file.Files.isDirectory(output.toAbsolutePath().getParent())) {
      // Checked before the run, which can take a while, rather than after it.
      throw new BscException(output.toString(), "cannot write: directory "
          + output.toAbsolutePath().getParent() + " does not exist");
    }
    LoadedModel m = ModelResolver.resolve(model);
    Graph g;
    Map<String, Tensor> results;
    if (int8) {
      QuantizedModel q = quantization.forRun(m, spec.commandLine().getErr());
      g = q.graph();
      Map<String, Tensor> feeds = RunInputs.read(g, inputs, inputName, shape);
      Int8Executor.Options o = Int8Executor.Options.defaults().withThreads(quantization.threads)
          .withPath(dense ? Int8Executor.ConvPath.DENSE : Int8Executor.ConvPath.BLOCK_SPARSE);
      try (Int8Executor e = new Int8Executor(q, o)) {
        results = e.run(feeds);
      }
    } else {
      g = (canonical ? m.canonicalized() : m).graph();
      Map<String, Tensor> feeds = RunInputs.read(g, inputs, inputName, shape);
      try (Fp32Runner r = new Fp32Runner(g, quantization.threads)) {
        results = r.run(feeds);
      }
    }
    RunReport.print(results, top, spec.commandLine().getOut());
    if (output != null) {
      String name = outputName != null ? outputName : g.outputs().get(0).name();
      Tensor y = results.get(name);
      if (y == null) {
        throw new BscException("--output-name " + name, "the model has no such output (outputs: "
            + String.join(", ", g.outputs().stream().map(Value::name).toList()) + ")");
      }
      if (y.dtype() != bsc.ir.DataType.FLOAT) {
        throw new BscException("output " + name, "is " + y.dtype().shortName() + "; only float32 outputs are written as .npy");
      }
      AtomicFileWriter.write(output, out -> out.write(NpyFormat.write(y)));
    }
    return 0;
  }
}
