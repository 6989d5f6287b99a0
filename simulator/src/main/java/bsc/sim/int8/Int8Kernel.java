package bsc.sim.int8;

/** One node of the graph in integers: reads its input slots of a frame and sets its output slot. */
interface Int8Kernel {
  void run(Frame f);
}
