package bsc.aie2.program;

import java.util.List;

/**
 * One DMA task per iteration: its segments run in order, each reading its source pattern as a stream
 * (padding included) and writing the stream through its destination pattern into every destination tile.
 * A transfer whose data comes from several memtiles (halo columns of a width-split tensor) has one segment
 * per memtile; all segments share the destination tiles, channel and slot (a buffer-descriptor chain).
 * {@code bytes} = stream bytes per iteration over all segments. Locks apply once per iteration of the
 * whole transfer.
 */
public record Transfer(List<Segment> segments, long bytes, Broadcast broadcast) {
  public Transfer {
    segments = List.copyOf(segments);
  }

  /** Who receives one transfer: a single tile, all cores of a column (activations), all cores of a row (weights). */
  public enum Broadcast {
    NONE,
    COLUMN,
    ROW
  }

  /** One buffer-descriptor pair: a source and a destination pattern of equal stream length. */
  public record Segment(Endpoint src, Endpoint dst) {}

  /** The destination tiles (the same for every segment). */
  public List<TileRef> dstTiles() {
    return segments.get(0).dst().tiles();
  }
}
