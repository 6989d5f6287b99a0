package bsc.aie2.verify;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Channel;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.HashMap;
import java.util.Map;

/**
 * DMA channels and buffer descriptors within the target: every channel index exists on its tile kind, on
 * a tile inside the array, on the side (MM2S reads, S2MM writes) the endpoint needs; an instruction never
 * needs more buffer descriptors on one tile than the tile has (a ping/pong destination takes two).
 */
final class ResourceCheck {
  private final Aie2Target t;

  ResourceCheck(Program p) {
    this.t = p.target();
  }

  /** A tile with DMA channels. */
  private record Tile(Channel.TileKind kind, int column, int row) {
    @Override
    public String toString() {
      return kind + " " + column + "," + row;
    }
  }

  /** One channel of a tile (record keys: the check runs for every transfer of every program). */
  private record Port(Tile tile, Channel.Direction direction, int index) {}

  /**
   * Descriptors a tile needs at once: per channel, the tasks it holds queued (at most the task queue depth)
   * times the descriptors of one task; later tasks' descriptors are programmed as earlier ones retire.
   */
  void check(LayerProgram l) {
    for (Instruction i : l.instructions()) {
      Map<Tile, Map<Port, int[]>> perTile = new HashMap<>();
      for (Transfer tr : i.transfers()) {
        Map<Port, Integer> entry = new HashMap<>();
        for (Transfer.Segment s : tr.segments()) {
          channel(l, i, s.src(), Channel.Direction.MM2S);
          channel(l, i, s.dst(), Channel.Direction.S2MM);
          entry.merge(port(s.src().channel()), 1, Integer::sum);
          int slots = s.dst().level() == Level.CORE && i.iterations() > 1 ? 2 : 1;
          Channel d = s.dst().channel();
          if (s.dst().level() == Level.CORE) {
            for (TileRef c : s.dst().tiles()) {
              entry.merge(new Port(new Tile(Channel.TileKind.CORE, c.column(), c.row()), d.direction(), d.index()),
                  slots, Integer::sum);
            }
          } else {
            entry.merge(port(d), 1, Integer::sum);
          }
        }
        for (Map.Entry<Port, Integer> e : entry.entrySet()) {
          int[] v = perTile.computeIfAbsent(e.getKey().tile(), x -> new HashMap<>())
              .computeIfAbsent(e.getKey(), x -> new int[2]);
          v[0]++;
          v[1] = Math.max(v[1], e.getValue());
        }
      }
      for (Map.Entry<Tile, Map<Port, int[]>> e : perTile.entrySet()) {
        Aie2Target.Dma d = dma(e.getKey().kind());
        int need = 0;
        for (int[] v : e.getValue().values()) {
          need += Math.min(v[0], d.taskQueueDepth()) * v[1];
        }
        if (need > d.bufferDescriptors()) {
          throw Failure.at(l, i, e.getKey() + " needs " + need + " buffer descriptors at once, the tile has "
              + d.bufferDescriptors());
        }
      }
    }
  }

  private static Port port(Channel ch) {
    return new Port(new Tile(ch.tile(), ch.column(), ch.row()), ch.direction(), ch.index());
  }

  private void channel(LayerProgram l, Instruction i, Endpoint e, Channel.Direction dir) {
    Channel ch = e.channel();
    Channel.TileKind expected = switch (e.level()) {
      case DDR -> Channel.TileKind.SHIM;
      case MEMTILE -> Channel.TileKind.MEMTILE;
      case CORE -> Channel.TileKind.CORE;
    };
    if (ch.tile() != expected || ch.direction() != dir) {
      throw Failure.at(l, i, "channel " + ch + " cannot serve a " + e.level() + " " + (dir == Channel.Direction.MM2S
          ? "source" : "destination"));
    }
    Aie2Target.Dma d = dma(ch.tile());
    int max = dir == Channel.Direction.MM2S ? d.mm2sChannels() : d.s2mmChannels();
    if (ch.index() < 0 || ch.index() >= max) {
      throw Failure.at(l, i, "channel " + ch + " does not exist: the tile has " + max + " " + dir + " channels");
    }
    boolean rowOk = ch.tile() == Channel.TileKind.CORE ? ch.row() >= 0 && ch.row() < t.rows() : ch.row() == -1;
    if (ch.column() < 0 || ch.column() >= t.columns() || !rowOk) {
      throw Failure.at(l, i, "channel " + ch + " is outside the " + t.rows() + "x" + t.columns() + " array");
    }
    if (ch.tile() == Channel.TileKind.MEMTILE && e.level() == Level.MEMTILE && dir == Channel.Direction.MM2S) {
      int src = e.tiles().get(0).column();
      if (Math.abs(src - ch.column()) > t.memtile().neighborReach()) {
        throw Failure.at(l, i, "channel " + ch + " reads memtile " + src + ", beyond its neighbour reach of "
            + t.memtile().neighborReach());
      }
    }
  }

  private Aie2Target.Dma dma(Channel.TileKind kind) {
    return switch (kind) {
      case SHIM -> t.shim().dma();
      case MEMTILE -> t.memtile().dma();
      case CORE -> t.core().dma();
    };
  }
}
