package bsc.sim.timing;

import bsc.aie2.program.Compute;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.Transfer;
import bsc.sparsify.BlockShape;

/** Cycles of one iteration of one instruction entry under a timing model. */
interface StepCosts {
  BlockShape HARDWARE_BLOCK = BlockShape.AIE2_DEFAULT;

  long transferCycles(Transfer t);

  long computeCycles(Compute c);

  /** MACs the kernel performs: zero blocks are skipped only when the program was compacted. */
  static long performedMacs(Program p, Compute c) {
    return p.settings().compaction() ? c.macs() : Math.max(c.macs(), c.denseMacs());
  }

  static boolean crossesShim(Transfer t) {
    for (Transfer.Segment s : t.segments()) {
      if (s.src().level() == Level.DDR || s.dst().level() == Level.DDR) {
        return true;
      }
    }
    return false;
  }

  /** The paper's model (paper-facts.md 4.6): bytes over 4 GB/s links, MACs over the peak rate. */
  static StepCosts paper(Program p, TimingConstants k) {
    return new StepCosts() {
      @Override
      public long transferCycles(Transfer t) {
        double rate = crossesShim(t) ? k.ddrTransferBytesPerCycle() : k.streamBytesPerCycle();
        return (long) Math.ceil(t.bytes() / rate);
      }

      @Override
      public long computeCycles(Compute c) {
        return KernelCycles.ceilDiv(performedMacs(p, c), k.macsPerCycle());
      }
    };
  }

  /**
   * The detailed model: each buffer descriptor of the transfer's chain pays the task set-up, then the bytes
   * stream at the link rate; compute from the kernel's structure.
   */
  static StepCosts detailed(Program p, TimingConstants k) {
    // The kernel walks the program's hardware blocks, 8x8 whatever block shape the model was pruned in
    // (docs/PROGRAM.md section 7): Compute.nonzeroBlocks counts 8x8 blocks, so costing them as the pruning
    // block (settings.block, a record of how the model was pruned) priced each 8x8 block of a 4x8-pruned
    // compacted program as a 4x8 one, half its MACs.
    KernelCycles kernels =
        new KernelCycles(k, HARDWARE_BLOCK.rows(), HARDWARE_BLOCK.cols(), p.settings().compaction());
    return new StepCosts() {
      @Override
      public long transferCycles(Transfer t) {
        double rate = crossesShim(t) ? k.ddrTransferBytesPerCycle() : k.streamBytesPerCycle();
        return (long) k.dmaTaskSetupCycles() * t.segments().size() + (long) Math.ceil(t.bytes() / rate);
      }

      @Override
      public long computeCycles(Compute c) {
        return kernels.cycles(c);
      }
    };
  }
}
