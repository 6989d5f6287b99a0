package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.lower.Storages.Storage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live-tensor allocator over memtile capacity (paper-facts.md 4.2: "coloring algorithms and some
 * heuristics" over live tensors given a schedule). Storages are placed in schedule order at the lowest
 * address free for their whole live range, keeping for every layer they are live in at least that layer's
 * minimum working set above the highest live storage (layer scratch grows down from the top). A storage
 * that cannot be placed lives in DDR, and the layers that touch it stage it through the memtile in passes.
 * Activations and weights share the memtile; every allocation has the same address in every memtile.
 */
final class MemtilePlanner {
  /** Memtile offsets of resident storages (absent: DDR), and each layer's scratch base. */
  record Plan(Map<String, Long> offsets, long[] scratchBase, long capacity) {
    boolean resident(String storage) {
      return offsets.containsKey(storage);
    }

    long scratch(int layer) {
      return capacity - scratchBase[layer];
    }
  }

  private record Placed(String name, long offset, long bytes, int first, int last) {
    boolean liveAt(int layer) {
      return layer >= first && layer <= last;
    }

    boolean overlapsInTime(int f, int l) {
      return first <= l && f <= last;
    }
  }

  private final Aie2Target t;

  MemtilePlanner(Aie2Target t) {
    this.t = t;
  }

  Plan plan(Storages st, long[] minScratch) {
    int layers = minScratch.length;
    long capacity = t.memtileBytesPerColumn();
    List<Placed> placed = new ArrayList<>();
    Map<String, Long> offsets = new HashMap<>();
    for (Storage s : st.all()) {
      if (s.programInput() || s.programOutput() || s.first() < 0) {
        continue;
      }
      long bytes = Geometry.align(Geometry.bytesPerColumn(t, s.dims()));
      int last = Math.min(s.last(), layers - 1);
      Long off = lowestFree(placed, s.first(), last, bytes);
      if (off != null && scratchHolds(placed, s.first(), last, off + bytes, minScratch, capacity)) {
        placed.add(new Placed(s.name(), off, bytes, s.first(), last));
        offsets.put(s.name(), off);
      }
    }
    long[] base = new long[layers];
    for (Placed p : placed) {
      for (int l = p.first(); l <= p.last(); l++) {
        base[l] = Math.max(base[l], p.offset() + p.bytes());
      }
    }
    return new Plan(offsets, base, capacity);
  }

  private static Long lowestFree(List<Placed> placed, int first, int last, long bytes) {
    List<Long> candidates = new ArrayList<>();
    candidates.add(0L);
    for (Placed p : placed) {
      if (p.overlapsInTime(first, last)) {
        candidates.add(p.offset() + p.bytes());
      }
    }
    candidates.sort(Long::compare);
    for (long off : candidates) {
      boolean free = true;
      for (Placed p : placed) {
        if (p.overlapsInTime(first, last) && off < p.offset() + p.bytes() && p.offset() < off + bytes) {
          free = false;
          break;
        }
      }
      if (free) {
        return off;
      }
    }
    return null;
  }

  private static boolean scratchHolds(List<Placed> placed, int first, int last, long end, long[] minScratch,
      long capacity) {
    for (int l = first; l <= last; l++) {
      long top = end;
      for (Placed p : placed) {
        if (p.liveAt(l)) {
          top = Math.max(top, p.offset() + p.bytes());
        }
      }
      if (top + minScratch[l] > capacity) {
        return false;
      }
    }
    return true;
  }
}
