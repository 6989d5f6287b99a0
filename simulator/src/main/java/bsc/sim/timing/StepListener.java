package bsc.sim.timing;

import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;

/**
 * Hook into the event-driven execution of a program, e.g. for functional execution (bsc.sim.functional): it
 * sees every step (one iteration of one instruction entry) in simulated time order. {@code entry} numbers the
 * instruction's transfers first, then its computes: entry &lt; transfers().size() is
 * {@code instruction.transfers().get(entry)}, otherwise {@code instruction.computes().get(entry - transfers)}.
 * {@link #stepFinished} runs before the step's lock releases take effect, so a step that the releases enable
 * starts only after the listener returned: moving the step's data there respects the program's lock protocol.
 * The analytic {@code paper} model has no steps and calls only the layer callbacks.
 */
public interface StepListener {
  default void layerStarted(LayerProgram layer, long cycle) {}

  default void stepFinished(LayerProgram layer, Instruction instruction, int entry, int iteration, long startCycle,
      long endCycle) {}

  default void layerFinished(LayerProgram layer, long startCycle, long endCycle) {}
}
