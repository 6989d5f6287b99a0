package bsc.aie2.program;

/** A DMA channel: tile kind, tile position, direction (MM2S reads memory, S2MM writes it) and index. */
public record Channel(TileKind tile, int column, int row, Direction direction, int index) {
  public enum TileKind {
    SHIM,
    MEMTILE,
    CORE
  }

  public enum Direction {
    MM2S,
    S2MM
  }

  @Override
  public String toString() {
    String t = switch (tile) {
      case SHIM -> "shim" + column;
      case MEMTILE -> "mt" + column;
      case CORE -> "core" + row + "_" + column;
    };
    return t + "." + direction.name().toLowerCase(java.util.Locale.ROOT) + index;
  }
}
