package bsc.aie2.program;

/** A tile: a core (column, row &gt;= 0), a memtile or shim tile (row -1 with the endpoint's level). */
public record TileRef(int column, int row) {
  public static TileRef memtile(int column) {
    return new TileRef(column, -1);
  }

  public static TileRef core(int column, int row) {
    return new TileRef(column, row);
  }

  @Override
  public String toString() {
    return row < 0 ? "c" + column : "r" + row + "c" + column;
  }
}
