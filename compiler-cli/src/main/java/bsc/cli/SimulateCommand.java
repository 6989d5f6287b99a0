package bsc.cli;

import bsc.aie2.program.Program;
import bsc.aie2.program.ProgramJson;
import bsc.ir.BscException;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc simulate OUTDIR/program.json [--timing paper|detailed] [--trace FILE] [--json]}. */
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
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? new String(SimulationReport.toJson(result), StandardCharsets.UTF_8)
        : SimulationReport.toText(result));
    return 0;
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
