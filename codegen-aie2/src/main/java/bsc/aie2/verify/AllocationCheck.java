package bsc.aie2.verify;

import bsc.aie2.program.Buffer;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No two live allocations overlap: per layer, the memtile storages live across it and the layer's own
 * buffers; the DDR buffers; the core buffers (input2 deliberately overlays the weights).
 */
final class AllocationCheck {
  private record Region(String name, long lo, long hi) {}

  private final Program p;
  private final Regions regions;
  private final Map<String, int[]> live = new LinkedHashMap<>();

  AllocationCheck(Program p, Regions regions) {
    this.p = p;
    this.regions = regions;
    for (LayerProgram l : p.layers()) {
      touch(l.output(), l.index());
      for (String in : l.inputs()) {
        touch(in, l.index());
      }
    }
  }

  private void touch(String tensor, int layer) {
    TensorHome t = p.tensor(tensor);
    if (t == null || t.level() != Level.MEMTILE) {
      return;
    }
    int[] r = live.computeIfAbsent(t.storage(), k -> new int[] {layer, layer});
    r[0] = Math.min(r[0], layer);
    r[1] = Math.max(r[1], layer);
  }

  void checkGlobal() {
    List<Region> ddr = new ArrayList<>();
    for (Buffer b : p.ddr()) {
      ddr.add(new Region(b.id(), b.offsetBytes(), b.endBytes()));
    }
    disjoint(ddr, null, "DDR");
    CoreBuffers c = p.coreBuffers();
    List<Region> core = new ArrayList<>();
    for (Buffer b : List.of(c.misc(), c.input(), c.output(), c.weights(), c.scratch())) {
      core.add(new Region(b.id(), b.offsetBytes(), b.endBytes()));
    }
    disjoint(core, null, "core memory");
    long end = c.scratch().endBytes();
    if (end > p.target().core().dataMemoryBytes()) {
      throw Failure.program("core buffers end at " + end + ", beyond " + p.target().core().dataMemoryBytes() + " bytes");
    }
    if (c.input2().offsetBytes() < c.weights().offsetBytes() || c.input2().endBytes() > c.weights().endBytes()) {
      throw Failure.program("core.in2 must lie inside core.w");
    }
  }

  void check(LayerProgram l) {
    List<Region> rs = new ArrayList<>();
    for (Map.Entry<String, int[]> e : live.entrySet()) {
      if (e.getValue()[0] <= l.index() && l.index() <= e.getValue()[1]) {
        TensorHome t = regions.storage(e.getKey());
        long hi = 0;
        long lo = Long.MAX_VALUE;
        for (TensorSlice s : t.slices()) {
          lo = Math.min(lo, s.baseOffsetBytes());
          hi = Math.max(hi, s.baseOffsetBytes() + t.height() * s.rowStrideBytes());
        }
        rs.add(new Region("tensor:" + t.name(), lo, hi));
      }
    }
    for (Buffer b : l.buffers()) {
      rs.add(new Region(b.id(), b.offsetBytes(), b.endBytes()));
    }
    for (Region r : rs) {
      if (r.hi() > p.target().memtileBytesPerColumn()) {
        throw Failure.at(l, null, r.name() + " ends at " + r.hi() + ", beyond the memtile");
      }
    }
    disjoint(rs, l, "memtile");
  }

  private static void disjoint(List<Region> rs, LayerProgram l, String where) {
    List<Region> sorted = new ArrayList<>(rs);
    sorted.removeIf(r -> r.hi() <= r.lo());
    sorted.sort(Comparator.comparingLong(Region::lo));
    for (int i = 1; i < sorted.size(); i++) {
      Region a = sorted.get(i - 1);
      Region b = sorted.get(i);
      if (b.lo() < a.hi()) {
        String what = where + " allocations " + a.name() + " [" + a.lo() + ", " + a.hi() + ") and " + b.name() + " ["
            + b.lo() + ", " + b.hi() + ") overlap";
        throw l == null ? Failure.program(what) : Failure.at(l, null, what);
      }
    }
  }
}
