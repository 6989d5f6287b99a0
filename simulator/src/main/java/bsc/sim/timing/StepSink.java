package bsc.sim.timing;

/** Receives every finished step of the event engine, in simulated time order (trace, public listener). */
interface StepSink {
  void step(LayerPlan plan, int entry, int iteration, long startCycle, long endCycle);
}
