package bsc.cli.compile;

import bsc.aie2.CompiledProgram;
import bsc.aie2.program.LayerProgram;
import bsc.sim.timing.SimulationResult;
import java.util.List;

/**
 * Both programs of one compilation and their simulations: {@code dense} is the pruned model compiled without
 * compaction (zero blocks moved and computed, the paper's {@code nocompression} baseline), {@code sparse} the
 * compacted one. {@code trace} is the Chrome trace of the primary program, or null when not asked for.
 *
 * @param int8Weights whether weights.bin holds real INT8 values (a quantizer ran) or only the chunk structure
 * @param compactionAloneSpeedup speed-up of compaction on the model as given, before bsc's pruning (1.0 when
 *     it has no all-zero 8x8 block: the two programs are then the same)
 */
public record CompileResult(
    String model,
    CompileOptions options,
    PrunedModel pruned,
    boolean int8Weights,
    CompiledProgram dense,
    CompiledProgram sparse,
    SimulationResult denseTime,
    SimulationResult sparseTime,
    byte[] trace,
    List<LayerRow> layers,
    double compactionAloneSpeedup) {
  public CompileResult {
    layers = List.copyOf(layers);
  }

  /** The program the options ask for: compacted, or the dense baseline under {@code --no-compaction}. */
  public CompiledProgram primary() {
    return options.compaction() ? sparse : dense;
  }

  public SimulationResult primaryTime() {
    return options.compaction() ? sparseTime : denseTime;
  }

  /** Dense-baseline latency over compacted latency: the speed-up from sparsity with compaction. */
  public double speedup() {
    return sparseTime.totalCycles() == 0 ? 1.0 : (double) denseTime.totalCycles() / sparseTime.totalCycles();
  }

  /** Size of weights.bin of the dense baseline (every block stored). */
  public long weightBytesDense() {
    return dense.program().settings().weightsFileBytes();
  }

  /** Size of weights.bin of the compacted program (nonzero blocks only). */
  public long weightBytesCompacted() {
    return sparse.program().settings().weightsFileBytes();
  }

  /** All-zero 8x8 blocks over all blocks of the compiled conv layers: what the hardware can skip. */
  public double hardwareBlockSparsity() {
    long total = 0;
    long kept = 0;
    for (LayerProgram l : sparse.program().layers()) {
      total += l.report().totalBlocks();
      kept += l.report().nonzeroBlocks();
    }
    return total == 0 ? 0 : (double) (total - kept) / total;
  }
}
