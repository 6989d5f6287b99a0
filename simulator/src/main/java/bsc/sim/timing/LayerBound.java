package bsc.sim.timing;

/**
 * The physical lower bound of a layer's time (DESIGN.md 7), per serial resource: the busiest core's MACs at the
 * peak rate, and the busiest channel's bytes of each kind of traffic at its link rate (weights memtile -> cores,
 * activations memtile -> cores and cores -> memtile at 4 bytes per cycle per stream, DDR at the DDR channel
 * rate). Every resource executes its work serially in both timing models, so no simulated time is below
 * {@link #cycles()}. This is at least DESIGN.md's form max(MACs / (cores x MACs per cycle), input bytes per
 * column stream / 4, output bytes per core stream / 4).
 */
public record LayerBound(
    long computeCycles, long weightCycles, long activationInCycles, long activationOutCycles, long ddrCycles) {

  /** What limits a layer. */
  public enum Limiter {
    COMPUTE,
    WEIGHTS,
    ACTIVATIONS,
    DDR
  }

  public long cycles() {
    return Math.max(Math.max(computeCycles, weightCycles), Math.max(activationCycles(), ddrCycles));
  }

  public long activationCycles() {
    return Math.max(activationInCycles, activationOutCycles);
  }

  /** The term that sets the bound (ties go to compute, then weights, then activations). */
  public Limiter limiter() {
    long b = cycles();
    if (computeCycles == b) {
      return Limiter.COMPUTE;
    }
    if (weightCycles == b) {
      return Limiter.WEIGHTS;
    }
    return activationCycles() == b ? Limiter.ACTIVATIONS : Limiter.DDR;
  }
}
