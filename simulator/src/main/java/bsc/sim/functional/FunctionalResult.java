package bsc.sim.functional;

import java.util.List;

/**
 * What a functional run of a program found: every layer output compared with the INT8 reference executor
 * (layers that move no data, such as a Flatten, are not compared apart from an in-place Concat), the layers
 * that differ in execution order (the first is the one to look at: later ones inherit its error), the
 * program's steps executed and its simulated latency under the detailed timing model.
 */
public record FunctionalResult(String model, String target, int layersChecked, long elementsChecked,
    List<LayerMismatch> mismatches, String outputTensor, long steps, long cycles, double clockHz) {
  public FunctionalResult {
    mismatches = List.copyOf(mismatches);
  }

  public boolean matches() {
    return mismatches.isEmpty();
  }

  /** The first layer (in execution order) whose output differs, or null. */
  public LayerMismatch firstMismatch() {
    return mismatches.isEmpty() ? null : mismatches.get(0);
  }

  /** One line: match, or the first mismatching layer and how many layers differ. */
  public String summary() {
    if (matches()) {
      return "functional: match: " + layersChecked + " layer outputs (" + elementsChecked + " INT8 values, network"
          + " output " + outputTensor + ") equal the INT8 executor's bit for bit";
    }
    return "functional: MISMATCH in " + mismatches.size() + " of " + layersChecked + " layers; first: "
        + firstMismatch().describe();
  }
}
