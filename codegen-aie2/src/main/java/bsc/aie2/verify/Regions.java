package bsc.aie2.verify;

import bsc.aie2.program.Buffer;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import bsc.aie2.program.TileRef;
import java.util.HashMap;
import java.util.Map;

/** The address range [lo, hi) an endpoint's buffer occupies on one tile (CORE: relative to the slot). */
final class Regions {
  static final String TENSOR = "tensor:";
  private final Program p;
  private final Map<String, TensorHome> storages = new HashMap<>();

  Regions(Program p) {
    this.p = p;
    for (TensorHome t : p.tensors()) {
      if (t.name().equals(t.storage())) {
        storages.put(t.name(), t);
      }
    }
  }

  TensorHome storage(String name) {
    return storages.get(name);
  }

  /** The region, or null when the buffer does not exist on that tile. */
  long[] region(LayerProgram l, Endpoint e, TileRef tile) {
    String id = e.buffer();
    if (e.level() == Level.CORE) {
      Buffer b = p.coreBuffers().byId(id);
      return b == null ? null : new long[] {0, b.slotBytes()};
    }
    if (id.startsWith(TENSOR)) {
      TensorHome t = storages.get(id.substring(TENSOR.length()));
      if (t == null || t.level() != e.level()) {
        return null;
      }
      for (TensorSlice s : t.slices()) {
        if (e.level() == Level.DDR || s.column() == tile.column()) {
          return new long[] {s.baseOffsetBytes(), s.baseOffsetBytes() + t.height() * s.rowStrideBytes()};
        }
      }
      return null;
    }
    Buffer b = e.level() == Level.DDR ? p.ddrBuffer(id) : l.buffer(id);
    return b == null || b.level() != e.level() ? null : new long[] {b.offsetBytes(), b.endBytes()};
  }

  /** Slots of the buffer (ping/pong) for slot checks. */
  int slots(LayerProgram l, Endpoint e) {
    if (e.level() == Level.CORE) {
      Buffer b = p.coreBuffers().byId(e.buffer());
      return b == null ? 1 : b.slots();
    }
    return 1;
  }
}
