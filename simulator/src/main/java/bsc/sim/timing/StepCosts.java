package bsc.sim.timing;

import bsc.aie2.program.Compute;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.Transfer;

/** Cycles of one iteration of one instruction entry under a timing model. */
interface StepCosts {
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
    int[] block = blockShape(p.settings().block());
    KernelCycles kernels = new KernelCycles(k, block[0], block[1], p.settings().compaction());
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

  /** "RxC" (output x input channels per block), 8x8 when absent or unreadable. */
  static int[] blockShape(String block) {
    if (block != null) {
      String[] parts = block.trim().split("x");
      if (parts.length == 2) {
        try {
          int r = Integer.parseInt(parts[0]);
          int c = Integer.parseInt(parts[1]);
          if (r > 0 && c > 0) {
            return new int[] {r, c};
          }
        } catch (NumberFormatException e) {
          // fall through to the AIE2 default
        }
      }
    }
    return new int[] {8, 8};
  }
}
