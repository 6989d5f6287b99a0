package bsc.sim.fp32;

import bsc.ir.Node;

/** Executes one op kind on ND4J arrays: reads the node's inputs from the context, writes its outputs. */
interface OpKernel {
  void run(Node node, KernelContext ctx);
}
