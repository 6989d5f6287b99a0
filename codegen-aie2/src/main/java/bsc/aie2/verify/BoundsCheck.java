package bsc.aie2.verify;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Dim;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.KernelCall;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.List;

/**
 * Every access inside its buffer on every tile and iteration; source and destination of each segment of
 * equal length; descriptor dimensions within the tile kind's DMA; padding only where the DMA can pad; kernel
 * tiles inside their core buffers.
 */
final class BoundsCheck {
  private final Program p;
  private final Regions regions;

  BoundsCheck(Program p, Regions regions) {
    this.p = p;
    this.regions = regions;
  }

  void check(LayerProgram l) {
    for (Instruction i : l.instructions()) {
      for (Transfer t : i.transfers()) {
        long bytes = 0;
        for (Transfer.Segment s : t.segments()) {
          bytes += segment(l, i, s);
        }
        if (bytes != t.bytes()) {
          throw Failure.at(l, i, "transfer says " + t.bytes() + " bytes, its segments stream " + bytes);
        }
      }
      for (Compute c : i.computes()) {
        kernel(l, i, c);
      }
    }
  }

  private long segment(LayerProgram l, Instruction i, Transfer.Segment s) {
    long stream = s.src().pattern().streamBytes();
    if (stream != s.dst().pattern().memoryBytes() || s.dst().pattern().streamBytes() != stream) {
      throw Failure.at(l, i, "source streams " + stream + " bytes, destination takes "
          + s.dst().pattern().streamBytes());
    }
    endpoint(l, i, s.src(), true);
    endpoint(l, i, s.dst(), false);
    return stream;
  }

  private void endpoint(LayerProgram l, Instruction i, Endpoint e, boolean source) {
    Aie2Target.Dma dma = dma(e.level());
    AccessPattern pt = e.pattern();
    if (pt.dims().size() > dma.dims()) {
      throw Failure.at(l, i, e.level() + " " + e.buffer() + " pattern has " + pt.dims().size() + " dims, the DMA "
          + dma.dims());
    }
    boolean padded = pt.dims().stream().anyMatch(d -> d.padBefore() > 0 || d.padAfter() > 0);
    if (padded && (!source || !dma.zeroPadding())) {
      throw Failure.at(l, i, "zero padding on " + (source ? "a source" : "a destination") + " in " + e.level());
    }
    long[] ext = pt.extent();
    long step = e.iterationStepBytes() * (i.iterations() - 1);
    long lo = Math.min(ext[0], ext[0] + step);
    long hi = Math.max(ext[1], ext[1] + step);
    List<TileRef> tiles = e.level() == Level.DDR ? List.of(new TileRef(-1, -1)) : e.tiles();
    for (TileRef t : tiles) {
      long[] r = regions.region(l, e, t);
      if (r == null) {
        throw Failure.at(l, i, "buffer " + e.buffer() + " does not exist on " + e.level() + " " + t);
      }
      if (pt.memoryBytes() > 0 && (lo < r[0] || hi > r[1])) {
        throw Failure.at(l, i, e.level() + " " + t + " " + e.buffer() + ": access [" + lo + ", " + hi
            + ") outside [" + r[0] + ", " + r[1] + ")");
      }
    }
    int slots = regions.slots(l, e);
    if (e.slot0() < 0 || e.slot0() >= slots) {
      throw Failure.at(l, i, "slot " + e.slot0() + " of " + e.buffer() + " with " + slots + " slots");
    }
  }

  private Aie2Target.Dma dma(Level level) {
    return switch (level) {
      case DDR -> p.target().shim().dma();
      case MEMTILE -> p.target().memtile().dma();
      case CORE -> p.target().core().dma();
    };
  }

  private void kernel(LayerProgram l, Instruction i, Compute c) {
    KernelCall k = c.call();
    long in = (long) k.inRows() * k.inCols() * k.inChannels();
    long out = (long) k.outRows() * k.outCols() * k.outChannels() * (k.requantize() ? 1 : Integer.BYTES);
    check(l, i, c, "input tile", in, p.coreBuffers().byId(k.input()).slotBytes());
    check(l, i, c, "output tile", out, p.coreBuffers().byId(k.output()).slotBytes());
    if (!k.input2().isEmpty()) {
      check(l, i, c, "second input tile", in, p.coreBuffers().byId(k.input2()).slotBytes());
    }
    check(l, i, c, "weight chunk", k.weightOffsetBytes() + k.weightBytes(), p.coreBuffers().weights().slotBytes());
    if (c.macs() > c.denseMacs()) {
      throw Failure.at(l, i, "core " + c.core() + " does more MACs than a dense kernel");
    }
  }

  private static void check(LayerProgram l, Instruction i, Compute c, String what, long bytes, long limit) {
    if (bytes > limit) {
      throw Failure.at(l, i, "core " + c.core() + ": " + what + " of " + bytes + " bytes exceeds its " + limit + "-byte buffer");
    }
  }

  static long dimsBytes(List<Dim> dims) {
    long n = 1;
    for (Dim d : dims) {
      n *= d.size();
    }
    return n;
  }
}
