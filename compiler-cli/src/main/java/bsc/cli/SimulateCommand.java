package bsc.cli;

import bsc.aie2.program.Program;
import bsc.aie2.program.ProgramJson;
import bsc.ir.BscException;
import bsc.sim.functional.FunctionalResult;
import bsc.sim.functional.LayerMismatch;
import bsc.sim.timing.SimulationReport;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bsc simulate OUTDIR/program.json [--timing paper|detailed] [--trace FILE] [--json] [--functional [--model
 * MODEL] [--input x.npy]]}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
        "Simulate a compiled program on the AIE2 array it was compiled for: latency, per-layer time against"
            + " the layer's physical bound, what limits each layer, utilization, bytes per level and the time"
            + " per instruction kind. 'detailed' (default) executes the program event by event over channels,"
            + " cores and locks; 'paper' is the authors' analytic estimate, for comparison with their table."})
final class SimulateCommand implements Callable<Integer> {
  /** program.json files larger than this are refused before parsing (DESIGN.md 9: hostile inputs fail fast). */
  private static final long MAX_PROGRAM_BYTES = 1L << 31;

  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PROGRAM.json", description = "A program written by bsc compile (OUTDIR/program.json).")
  Path program;

  @Option(names = "--timing", paramLabel = "MODEL", defaultValue = "detailed",
      description = "Timing model: detailed or paper (default: ${DEFAULT-VALUE}).")
  String timing;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Also write a Chrome trace-event JSON (open it in Perfetto or chrome://tracing).")
  Path trace;

  @Option(names = "--json", description = "Print the result as JSON instead of text.")
  boolean json;

  @Option(names = "--functional", description = "Also run the program on real INT8 data (weights.bin beside"
      + " PROGRAM.json) and compare every layer's output with the INT8 executor; exit 1 on a mismatch.")
  boolean functional;

  @Option(names = "--model", paramLabel = "MODEL", description = "With --functional: the model the program was"
      + " compiled from (default: the program's model name, a built-in). " + ModelResolver.MODEL_HELP)
  String referenceModel;

  @Option(names = "--input", paramLabel = "FILE", description = "With --functional: the input image (.npy,"
      + " float32 or int8, NCHW); default: a seeded N(0,1) image.")
  Path input;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "2026",
      description = "With --functional and no --input: the seed of the image (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  Int8Quantization quantization;

  @Override
  public Integer call() {
    TimingModel model = TimingModel.parse(timing);
    Program p = read(program);
    SimulationResult result;
    if (trace != null) {
      Simulator.Traced t = Simulator.simulateWithTrace(p, model);
      AtomicFileWriter.write(trace, out -> out.write(t.traceJson()));
      result = t.result();
    } else {
      result = Simulator.simulate(p, model);
    }
    FunctionalResult f = functional ? FunctionalCheck.run(p, program, referenceModel, quantization, input, seed,
        spec.commandLine().getErr()) : null;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(new String(f == null ? SimulationReport.toJson(result) : withFunctional(result, f),
          StandardCharsets.UTF_8));
    } else {
      out.print(SimulationReport.toText(result));
      if (f != null) {
        out.println(f.summary());
      }
    }
    return f == null || f.matches() ? 0 : 1;
  }

  /** The timing JSON with a "functional" member: match, layers checked, mismatches. */
  private static byte[] withFunctional(SimulationResult result, FunctionalResult f) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
      com.fasterxml.jackson.databind.node.ObjectNode root =
          (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(SimulationReport.toJson(result));
      com.fasterxml.jackson.databind.node.ObjectNode n = root.putObject("functional");
      n.put("match", f.matches());
      n.put("layersChecked", f.layersChecked());
      n.put("valuesChecked", f.elementsChecked());
      n.put("output", f.outputTensor());
      var list = n.putArray("mismatches");
      for (LayerMismatch m : f.mismatches()) {
        list.add(json.valueToTree(m));
      }
      n.put("summary", f.summary());
      return (json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot write the functional result", e);
    }
  }

  private static Program read(Path file) {
    String where = file.toString();
    try {
      if (!Files.isRegularFile(file)) {
        throw new BscException(where, "no such file");
      }
      if (Files.size(file) > MAX_PROGRAM_BYTES) {
        throw new BscException(where, "larger than " + MAX_PROGRAM_BYTES + " bytes");
      }
      return ProgramJson.fromJson(Files.readString(file, StandardCharsets.UTF_8), where);
    } catch (IOException e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
  }
}
