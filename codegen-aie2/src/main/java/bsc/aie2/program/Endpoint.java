package bsc.aie2.program;

import java.util.List;

/**
 * One side of a transfer: a buffer at a level, on one tile (source) or several tiles (a broadcast
 * destination), through a DMA channel. Iteration k of the instruction uses slot (slot0 + k) % slots of the
 * buffer and the pattern shifted by k * iterationStepBytes. A DDR endpoint names a DDR buffer and has no
 * tiles; a MEMTILE or CORE buffer id names a layer buffer, a core buffer ({@link CoreBuffers}) or
 * {@code tensor:<storage>} (a resident activation tensor). DDR and MEMTILE patterns use absolute addresses
 * (DDR address, or address inside the memtile); CORE patterns are relative to the slot.
 */
public record Endpoint(
    Level level,
    List<TileRef> tiles,
    String buffer,
    int slot0,
    AccessPattern pattern,
    long iterationStepBytes,
    Channel channel) {
  public Endpoint {
    tiles = List.copyOf(tiles);
  }
}
