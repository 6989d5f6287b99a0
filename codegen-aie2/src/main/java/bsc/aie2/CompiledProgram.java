package bsc.aie2;

import bsc.aie2.lower.Lowered;
import bsc.aie2.lower.WeightsWriter;
import bsc.aie2.program.Program;
import bsc.aie2.program.ProgramJson;
import java.util.Map;

/**
 * A compiled, verified program and its emitted artifacts, as bytes and strings (the CLI writes them):
 * program.json, program.txt, weights.bin and kernels/*.
 */
public final class CompiledProgram {
  private final Lowered lowered;
  private final boolean compaction;

  CompiledProgram(Lowered lowered, boolean compaction) {
    this.lowered = lowered;
    this.compaction = compaction;
  }

  public Program program() {
    return lowered.program();
  }

  public String json() {
    return ProgramJson.toJson(program());
  }

  public String listing() {
    return ProgramListing.of(program());
  }

  public byte[] weights() {
    return WeightsWriter.write(lowered, compaction);
  }

  /** Kernel sources by file name (kernels/NAME): one .cc per kernel the program calls, plus shared headers. */
  public Map<String, String> kernels() {
    return KernelEmitter.emit(program());
  }
}
