package bsc.sim.timing;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Level;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import bsc.ir.BscException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which instances of a scoped lock an entry uses (docs/PROGRAM.md section 4): a CORE lock on a transfer into
 * cores resolves to every destination core (a broadcast waits for each receiver), on a transfer out of a core
 * to its source core, on a compute to its core; a MEMTILE lock to the memtile the transfer writes, else the one
 * it reads (of its first segment, for a buffer-descriptor chain over several memtiles); an ARRAY lock to the single global instance. Instance numbers: row * columns + column for cores,
 * the column for memtiles.
 */
final class LockInstances {
  private LockInstances() {}

  static int[] of(LockDef def, Transfer t, Compute c, Aie2Target target, Supplier<String> where) {
    return switch (def.scope()) {
      case ARRAY -> new int[] {0};
      case CORE -> cores(def, t, c, target, where);
      case MEMTILE -> new int[] {memtile(def, t, target, where)};
    };
  }

  private static int[] cores(LockDef def, Transfer t, Compute c, Aie2Target target, Supplier<String> where) {
    List<TileRef> tiles;
    if (c != null) {
      tiles = List.of(c.core());
    } else if (first(t).dst().level() == Level.CORE) {
      tiles = t.dstTiles();
    } else if (first(t).src().level() == Level.CORE) {
      tiles = first(t).src().tiles();
    } else {
      throw new BscException(where.get(), "core lock '" + def.id() + "' on a transfer that touches no core");
    }
    if (tiles.isEmpty()) {
      throw new BscException(where.get(), "core lock '" + def.id() + "' on an endpoint without tiles");
    }
    int[] out = new int[tiles.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = tiles.get(i).row() * target.columns() + tiles.get(i).column();
    }
    return out;
  }

  /** The first segment: the one whose tiles name the transfer's lock instances. */
  private static Transfer.Segment first(Transfer t) {
    return t.segments().get(0);
  }

  private static int memtile(LockDef def, Transfer t, Aie2Target target, Supplier<String> where) {
    if (t == null) {
      throw new BscException(where.get(), "memtile lock '" + def.id() + "' on a compute");
    }
    Transfer.Segment s = first(t);
    Endpoint e = s.dst().level() == Level.MEMTILE ? s.dst() : s.src().level() == Level.MEMTILE ? s.src() : null;
    if (e == null) {
      throw new BscException(where.get(), "memtile lock '" + def.id() + "' on a transfer that touches no memtile");
    }
    int column = e.tiles().isEmpty() ? e.channel().column() : e.tiles().get(0).column();
    if (column < 0 || column >= target.columns()) {
      throw new BscException(where.get(), "memtile " + column + " is outside the array");
    }
    return column;
  }
}
