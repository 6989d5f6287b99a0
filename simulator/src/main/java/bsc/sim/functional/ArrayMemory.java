package bsc.sim.functional;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import bsc.aie2.program.TileRef;
import bsc.ir.BscException;

/**
 * The bytes of the whole array: DDR, every column's memtiles and every core's data memory, addressed as
 * docs/PROGRAM.md says: DDR and MEMTILE patterns are absolute addresses, CORE patterns are relative to the
 * slot of a core buffer ((slot0 + k) % slots at iteration k).
 */
final class ArrayMemory {
  /** DDR larger than this is refused (a Java array; the paper's models need well under 1 GB). */
  static final long MAX_DDR_BYTES = Integer.MAX_VALUE - 8;

  private final Program program;
  private final int rows;
  final byte[] ddr;
  private final byte[][] memtiles;
  private final byte[][] cores;

  ArrayMemory(Program program) {
    this.program = program;
    Aie2Target t = program.target();
    this.rows = t.rows();
    this.ddr = new byte[Math.toIntExact(ddrBytes(program))];
    this.memtiles = new byte[t.columns()][Math.toIntExact(t.memtileBytesPerColumn())];
    this.cores = new byte[t.cores()][t.core().dataMemoryBytes()];
  }

  private static long ddrBytes(Program p) {
    long end = 0;
    for (Buffer b : p.ddr()) {
      end = Math.max(end, b.endBytes());
    }
    for (TensorHome t : p.tensors()) {
      if (t.level() == Level.DDR) {
        for (TensorSlice s : t.slices()) {
          end = Math.max(end, s.baseOffsetBytes() + (long) t.height() * s.rowStrideBytes());
        }
      }
    }
    if (end > MAX_DDR_BYTES) {
      throw new BscException("program", "DDR image of " + end + " bytes exceeds the functional simulator's "
          + MAX_DDR_BYTES);
    }
    return end;
  }

  /** The memory of one tile at a level (DDR: the tile is ignored). */
  byte[] of(Level level, TileRef tile) {
    return switch (level) {
      case DDR -> ddr;
      case MEMTILE -> memtiles[tile.column()];
      case CORE -> core(tile);
    };
  }

  byte[] core(TileRef tile) {
    return cores[tile.column() * rows + tile.row()];
  }

  /** Address of the pattern's origin at iteration k (before the dims' offsets). */
  long origin(Endpoint e, int k) {
    long base = e.pattern().offsetBytes() + (long) k * e.iterationStepBytes();
    if (e.level() != Level.CORE) {
      return base;
    }
    return slotBase(e.buffer(), e.slot0() + k) + base;
  }

  /** Start of slot {@code slot % slots} of a core buffer. */
  long slotBase(String buffer, int slot) {
    Buffer b = program.coreBuffers().byId(buffer);
    if (b == null) {
      throw new BscException("core buffer " + buffer, "not a core buffer of the program");
    }
    return b.offsetBytes() + (long) Math.floorMod(slot, b.slots()) * b.slotBytes();
  }

  /** Element (y, x, c) of a tensor: its memory and address. */
  byte[] tensorMemory(TensorHome t, TensorSlice s) {
    return t.level() == Level.DDR ? ddr : memtiles[s.column()];
  }

  static long tensorAddress(TensorHome t, TensorSlice s, int y, int x, int c) {
    return s.baseOffsetBytes() + (long) y * s.rowStrideBytes() + (long) (x - s.x0()) * t.pixelStrideBytes()
        + t.channelOffsetBytes() + (long) c * t.elementBytes();
  }
}
