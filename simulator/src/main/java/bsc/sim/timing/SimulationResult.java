package bsc.sim.timing;

import bsc.aie2.program.InstructionKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a timing simulation of a program reports: total latency (cycles and milliseconds at the target clock),
 * throughput at batch 1, per-layer time and bound, the share of time spent in layers limited by each resource,
 * core utilization, bytes moved per level and the time per instruction kind.
 *
 * @param instructionCycles summed instruction durations per kind (paper-facts.md 6.2's breakdown; overlapping
 *     instructions make the sum exceed the total)
 * @param coreBusy compute-busy cycles of all cores / (cores x total cycles); kernel overheads count as busy
 * @param macUtilization performed MACs / (cores x peak MACs per cycle x total cycles)
 */
public record SimulationResult(
    String model,
    String target,
    String timing,
    double clockHz,
    int cores,
    long totalCycles,
    List<LayerTiming> layers,
    Map<InstructionKind, Long> instructionCycles,
    double coreBusy,
    double macUtilization,
    BytesMoved bytes) {
  public SimulationResult {
    layers = List.copyOf(layers);
    instructionCycles = Map.copyOf(instructionCycles);
  }

  public double latencyMillis() {
    return totalCycles / clockHz * 1e3;
  }

  /** Inferences per second at batch 1 (layers do not overlap across inferences). */
  public double inferencesPerSecond() {
    return totalCycles == 0 ? 0 : clockHz / totalCycles;
  }

  /** Sum of the layers' physical bounds. */
  public long boundCycles() {
    long b = 0;
    for (LayerTiming l : layers) {
      b += l.bound().cycles();
    }
    return b;
  }

  /** Share of the total time spent in layers whose bound is set by each limiter. */
  public Map<LayerBound.Limiter, Double> boundShares() {
    Map<LayerBound.Limiter, Double> shares = new EnumMap<>(LayerBound.Limiter.class);
    for (LayerBound.Limiter l : LayerBound.Limiter.values()) {
      shares.put(l, 0.0);
    }
    if (totalCycles > 0) {
      for (LayerTiming l : layers) {
        shares.merge(l.bound().limiter(), (double) l.cycles() / totalCycles, Double::sum);
      }
    }
    return shares;
  }

  /** Summed duration of one instruction kind, in milliseconds. */
  public double instructionMillis(InstructionKind kind) {
    return instructionCycles.getOrDefault(kind, 0L) / clockHz * 1e3;
  }
}
