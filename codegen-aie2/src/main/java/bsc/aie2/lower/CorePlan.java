package bsc.aie2.lower;

import java.util.List;

/**
 * How a layer's output is divided among the cores and iterated on each (paper-facts.md 4.3): columns take
 * output width ranges (WIDTH) or all take the full width (COUT: channels spread over the cores); each
 * column range is cut into {@code subTiles} width sub-tiles; each core owns an output-channel range cut
 * into {@code chunks} chunks (weights that fit the core's weight buffer); input channels are cut into
 * {@code ciChunks} (partial sums when more than one); output rows stream {@code rowsPerTile} at a time.
 * Each column uses its first {@code coresPerColumn} cores: all of them, unless one weight chunk staged for
 * every core of a column would not fit the memtile ({@link CoreCount}).
 */
record CorePlan(
    Layer layer,
    Mode mode,
    List<ColumnWork> columns,
    int subTiles,
    int rowsPerTile,
    int chunks,
    List<int[]> ciChunks,
    int coresPerColumn,
    List<CoreWork> cores,
    String split,
    String reason,
    double costCycles) {

  enum Mode {
    WIDTH,
    COUT
  }

  /** A used column: its output column range [x0, x1) and sub-tile boundaries (subTiles + 1 values). */
  record ColumnWork(int column, int x0, int x1, int[] sub) {
    int subStart(int s) {
      return sub[s];
    }

    int subEnd(int s) {
      return sub[s + 1];
    }
  }

  /**
   * A core's output channels [c0, c1) of one chunk; for convs also its block rows [br0, br1). An empty
   * chunk (c0 == c1) leaves the core idle for that chunk.
   */
  record Chunk(int c0, int c1, int br0, int br1) {
    int channels() {
      return c1 - c0;
    }

    boolean empty() {
      return c1 <= c0;
    }
  }

  /** A participating core: its position, weight group (cores of a group share weights) and chunks. */
  record CoreWork(int row, int column, int group, List<Chunk> chunks) {}

  boolean psum() {
    return ciChunks.size() > 1;
  }

  ColumnWork column(int column) {
    for (ColumnWork c : columns) {
      if (c.column() == column) {
        return c;
      }
    }
    return null;
  }

  int maxColumnWidth() {
    int m = 0;
    for (ColumnWork c : columns) {
      m = Math.max(m, c.x1() - c.x0());
    }
    return m;
  }

  /** The cores of weight group {@code g}. */
  List<CoreWork> group(int g) {
    return cores.stream().filter(c -> c.group() == g).toList();
  }

  int groups() {
    int m = 0;
    for (CoreWork c : cores) {
      m = Math.max(m, c.group() + 1);
    }
    return m;
  }

  /** Input channels of ci chunk q for a conv ([c0, c1), clipped to Cin), else of the chunk itself. */
  int[] inputChannels(int q, Chunk chunk) {
    if (layer.kind() != LayerKind.CONV) {
      return new int[] {chunk.c0(), chunk.c1()};
    }
    int[] r = ciChunks.get(q);
    return new int[] {r[0] * ChunkFormat.BLOCK, Math.min(layer.in().c(), r[1] * ChunkFormat.BLOCK)};
  }
}
