package bsc.aie2.program;

/**
 * One DMA move per iteration: the source pattern's stream (padding included) is written through the
 * destination pattern, to every destination tile. {@code bytes} = stream bytes per iteration.
 */
public record Transfer(Endpoint src, Endpoint dst, long bytes, Broadcast broadcast) {
  /** Who receives one transfer: a single tile, all cores of a column (activations), all cores of a row (weights). */
  public enum Broadcast {
    NONE,
    COLUMN,
    ROW
  }
}
