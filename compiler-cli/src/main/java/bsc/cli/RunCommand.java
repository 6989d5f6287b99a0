package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.Value;
import bsc.sim.fp32.Fp32Runner;
import bsc.sim.int8.Int8Executor;
import bsc.sparsify.quant.QuantizedModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc run MODEL --input x.npy [-o y.npy] [--int8]}: runs a model on an input, in FP32 or INT8. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Run a model on a float32 .npy input (one image, or a batch) and write its first output as .npy, or print"
            + " its shape and largest values. FP32 by default; --int8 quantizes the model first (see 'bsc quantize')"
            + " and runs it in integers, block-sparse convs walking only their nonzero blocks."})
final class RunCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = ModelResolver.MODEL_HELP)
  String model;

  @Option(names = "--input", required = true, paramLabel = "x.npy", description = "The input, float32 .npy.")
  Path input;

  @Option(names = {"-o", "--output"}, paramLabel = "y.npy", description = "Write the first output here (atomically).")
  Path output;

  @Option(names = "--int8", description = "Quantize to INT8 and run the bit-exact integer executor.")
  boolean int8;

  @Option(names = "--dense", description = "With --int8: walk every weight, not only the nonzero 8x8 blocks.")
  boolean dense;

  @Mixin
  Int8Quantization quantization;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    LoadedModel m = ModelResolver.resolve(model);
    if (m.graph().inputs().size() != 1) {
      throw new BscException(model, "bsc run feeds one input, the model has " + m.graph().inputs().size());
    }
    Tensor x = NpyFiles.read(input);
    Map<String, Tensor> outputs;
    Graph g;
    if (int8) {
      QuantizedModel q = quantization.quantize(m, err);
      g = q.graph();
      Int8Executor.Options o = Int8Executor.Options.defaults().withThreads(quantization.threads)
          .withPath(dense ? Int8Executor.ConvPath.DENSE : Int8Executor.ConvPath.BLOCK_SPARSE);
      try (Int8Executor e = new Int8Executor(q, o)) {
        outputs = e.run(Map.of(g.inputs().get(0).name(), x));
      }
    } else {
      g = m.graph();
      outputs = new Fp32Runner(g, quantization.threads).run(Map.of(g.inputs().get(0).name(), x));
    }
    Value first = g.outputs().get(0);
    Tensor y = outputs.get(first.name());
    if (output != null) {
      NpyFiles.write(output, y);
      err.println(PlainText.oneLine("bsc: wrote " + output + " (" + first.name() + ", " + y.shape() + ")"));
    } else {
      print(spec.commandLine().getOut(), first.name(), y);
    }
    return 0;
  }

  /** The output's shape and, per image, its five largest values with their indices. */
  private static void print(PrintWriter out, String name, Tensor y) {
    out.println(PlainText.oneLine(name) + ": " + y.shape() + " f32");
    float[] v = y.toFloats();
    int batch = y.shape().rank() > 0 ? (int) y.shape().dim(0) : 1;
    int per = v.length / Math.max(1, batch);
    for (int b = 0; b < batch && b < 16; b++) {
      StringBuilder line = new StringBuilder("  [" + b + "] top:");
      boolean[] taken = new boolean[per];
      for (int k = 0; k < Math.min(5, per); k++) {
        int best = -1;
        for (int i = 0; i < per; i++) {
          if (!taken[i] && (best < 0 || v[b * per + i] > v[b * per + best])) {
            best = i;
          }
        }
        taken[best] = true;
        line.append(String.format(Locale.ROOT, " %d=%.4g", best, v[b * per + best]));
      }
      out.println(line);
    }
  }
}
