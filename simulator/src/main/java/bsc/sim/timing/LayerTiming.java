package bsc.sim.timing;

import bsc.aie2.program.InstructionKind;
import java.util.Map;

/**
 * One layer's simulated time: where it starts, how long it takes, its physical bound, the busy share of its
 * cores, and the summed durations of its instructions per kind (overlapping instructions make the sum differ
 * from the layer's time, as in the paper's breakdown, paper-facts.md 6.2).
 *
 * @param macUtilization performed MACs / (array cores x peak rate x layer cycles)
 */
public record LayerTiming(
    int index,
    String name,
    String op,
    long startCycle,
    long cycles,
    LayerBound bound,
    long performedMacs,
    double macUtilization,
    Map<InstructionKind, Long> instructionCycles) {
  public LayerTiming {
    instructionCycles = Map.copyOf(instructionCycles);
  }

  /** The layer's time as a multiple of its physical bound (1.0 = at the bound; a layer without work is 1.0). */
  public double boundMultiple() {
    long b = bound.cycles();
    return b == 0 ? (cycles == 0 ? 1.0 : Double.POSITIVE_INFINITY) : (double) cycles / b;
  }
}
