package bsc.sim.timing;

import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.Level;

/**
 * What a layer's program implies independently of any timing model: its physical bound, the bytes it moves per
 * level, and the MACs its cores perform. Accumulated by the plan builder while it walks the program.
 */
record LayerStatics(LayerBound bound, BytesMoved bytes, long performedMacs) {
  static final int WEIGHTS = 0;
  static final int ACT_IN = 1;
  static final int ACT_OUT = 2;
  static final int DDR = 3;

  /** The traffic class of an instruction kind (-1 for COMP). */
  static int category(InstructionKind kind) {
    return switch (kind) {
      case LOADWM -> WEIGHTS;
      case LOADFM -> ACT_IN;
      case WRITEFM -> ACT_OUT;
      case LOAD, LOADW, WRITE -> DDR;
      case COMP -> -1;
    };
  }

  /** Sums per queue (by {@link QueueSpace} code) and per core while the builder walks a layer. */
  static final class Accumulator {
    private final long[][] codeBytes;
    private final long[] coreMacs;
    private final long[] levels = new long[5];
    private long macs;

    Accumulator(int codes, int cores) {
      codeBytes = new long[4][codes];
      coreMacs = new long[cores];
    }

    void channel(int category, int code, long bytes) {
      if (category >= 0) {
        codeBytes[category][code] += bytes;
      }
    }

    void levels(Level from, Level to, long bytes, int receivers) {
      if (from == Level.DDR && to == Level.MEMTILE) {
        levels[0] += bytes;
      } else if (from == Level.MEMTILE && to == Level.DDR) {
        levels[1] += bytes;
      } else if (from == Level.MEMTILE && to == Level.CORE) {
        levels[2] += bytes;
        levels[3] += bytes * Math.max(1, receivers);
      } else if (from == Level.CORE && to == Level.MEMTILE) {
        levels[4] += bytes;
      }
    }

    void compute(int core, long performedMacs) {
      coreMacs[core] += performedMacs;
      macs += performedMacs;
    }

    LayerStatics finish(TimingConstants k) {
      long busiestCore = 0;
      for (long m : coreMacs) {
        busiestCore = Math.max(busiestCore, m);
      }
      long[] busiest = new long[4];
      for (int c = 0; c < 4; c++) {
        for (long b : codeBytes[c]) {
          busiest[c] = Math.max(busiest[c], b);
        }
      }
      double stream = k.streamBytesPerCycle();
      LayerBound bound = new LayerBound(
          KernelCycles.ceilDiv(busiestCore, k.macsPerCycle()),
          (long) Math.ceil(busiest[WEIGHTS] / stream),
          (long) Math.ceil(busiest[ACT_IN] / stream),
          (long) Math.ceil(busiest[ACT_OUT] / stream),
          (long) Math.ceil(busiest[DDR] / k.ddrTransferBytesPerCycle()));
      return new LayerStatics(bound, new BytesMoved(levels[0], levels[1], levels[2], levels[3], levels[4]), macs);
    }
  }
}
