package bsc.sim.timing;

import bsc.aie2.program.Channel;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.HashMap;
import java.util.Map;

/**
 * What a layer's program implies independently of any timing model: its physical bound, the bytes it moves per
 * level, and the MACs its cores perform.
 */
record LayerStatics(LayerBound bound, BytesMoved bytes, long performedMacs) {
  private static final int WEIGHTS = 0;
  private static final int ACT_IN = 1;
  private static final int ACT_OUT = 2;
  private static final int DDR = 3;

  static LayerStatics of(Program program, LayerProgram layer, TimingConstants k) {
    Map<Object, long[]> channelBytes = new HashMap<>();
    Map<TileRef, Long> coreMacs = new HashMap<>();
    long[] moved = new long[5];
    long macs = 0;
    for (Instruction in : layer.instructions()) {
      int category = category(in);
      for (Transfer t : in.transfers()) {
        for (Transfer.Segment seg : t.segments()) {
          long bytes = seg.src().pattern().streamBytes() * in.iterations();
          add(channelBytes, seg.src().channel(), category, bytes);
          if (seg.dst().level() == Level.CORE) {
            Channel c = seg.dst().channel();
            for (TileRef tile : seg.dst().tiles()) {
              add(channelBytes, new Channel(c.tile(), tile.column(), tile.row(), c.direction(), c.index()),
                  category, bytes);
            }
          } else {
            add(channelBytes, seg.dst().channel(), category, bytes);
          }
          countLevels(seg, bytes, moved);
        }
      }
      for (Compute c : in.computes()) {
        long m = StepCosts.performedMacs(program, c) * in.iterations();
        coreMacs.merge(c.core(), m, Long::sum);
        macs += m;
      }
    }
    return new LayerStatics(bound(channelBytes, coreMacs, k),
        new BytesMoved(moved[0], moved[1], moved[2], moved[3], moved[4]), macs);
  }

  private static int category(Instruction in) {
    return switch (in.kind()) {
      case LOADWM -> WEIGHTS;
      case LOADFM -> ACT_IN;
      case WRITEFM -> ACT_OUT;
      case LOAD, LOADW, WRITE -> DDR;
      case COMP -> -1;
    };
  }

  private static void add(Map<Object, long[]> channelBytes, Channel c, int category, long bytes) {
    if (c != null && category >= 0) {
      channelBytes.computeIfAbsent(c, key -> new long[4])[category] += bytes;
    }
  }

  private static void countLevels(Transfer.Segment t, long bytes, long[] moved) {
    Level from = t.src().level();
    Level to = t.dst().level();
    if (from == Level.DDR && to == Level.MEMTILE) {
      moved[0] += bytes;
    } else if (from == Level.MEMTILE && to == Level.DDR) {
      moved[1] += bytes;
    } else if (from == Level.MEMTILE && to == Level.CORE) {
      moved[2] += bytes;
      moved[3] += bytes * Math.max(1, t.dst().tiles().size());
    } else if (from == Level.CORE && to == Level.MEMTILE) {
      moved[4] += bytes;
    }
  }

  private static LayerBound bound(Map<Object, long[]> channelBytes, Map<TileRef, Long> coreMacs,
      TimingConstants k) {
    long busiestCore = 0;
    for (long m : coreMacs.values()) {
      busiestCore = Math.max(busiestCore, m);
    }
    long[] busiest = new long[4];
    for (long[] b : channelBytes.values()) {
      for (int i = 0; i < 4; i++) {
        busiest[i] = Math.max(busiest[i], b[i]);
      }
    }
    double stream = k.streamBytesPerCycle();
    return new LayerBound(
        KernelCycles.ceilDiv(busiestCore, k.macsPerCycle()),
        (long) Math.ceil(busiest[WEIGHTS] / stream),
        (long) Math.ceil(busiest[ACT_IN] / stream),
        (long) Math.ceil(busiest[ACT_OUT] / stream),
        (long) Math.ceil(busiest[DDR] / k.ddrTransferBytesPerCycle()));
  }
}
