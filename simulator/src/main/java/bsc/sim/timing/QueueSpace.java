package bsc.sim.timing;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Channel;
import bsc.aie2.program.TileRef;
import bsc.ir.BscException;
import java.util.function.Supplier;

/**
 * Dense numbering of a target's serial resources (every DMA channel of every shim, memtile and core, and every
 * core's compute), so the plan builder indexes arrays instead of hashing channel records. Channel indices are
 * checked against the tile kind's channel counts ({@code target.*.dma}).
 */
final class QueueSpace {
  private final Aie2Target target;
  private final int shimWidth;
  private final int memtileWidth;
  private final int coreWidth;
  private final int memtileBase;
  private final int coreBase;
  private final int computeBase;
  private final int size;

  QueueSpace(Aie2Target t) {
    this.target = t;
    this.shimWidth = Math.max(t.shim().dma().mm2sChannels(), t.shim().dma().s2mmChannels());
    this.memtileWidth = Math.max(t.memtile().dma().mm2sChannels(), t.memtile().dma().s2mmChannels());
    this.coreWidth = Math.max(t.core().dma().mm2sChannels(), t.core().dma().s2mmChannels());
    this.memtileBase = t.columns() * 2 * shimWidth;
    this.coreBase = memtileBase + t.columns() * 2 * memtileWidth;
    this.computeBase = coreBase + t.cores() * 2 * coreWidth;
    this.size = computeBase + t.cores();
  }

  int size() {
    return size;
  }

  int channel(Channel c, Supplier<String> where) {
    int dir = c.direction() == Channel.Direction.MM2S ? 0 : 1;
    return switch (c.tile()) {
      case SHIM -> column(c, where) * 2 * shimWidth + dir * shimWidth
          + index(c, target.shim().dma(), where);
      case MEMTILE -> memtileBase + column(c, where) * 2 * memtileWidth + dir * memtileWidth
          + index(c, target.memtile().dma(), where);
      case CORE -> coreBase + core(c.column(), c.row(), where) * 2 * coreWidth + dir * coreWidth
          + index(c, target.core().dma(), where);
    };
  }

  int compute(TileRef core, Supplier<String> where) {
    return computeBase + core(core.column(), core.row(), where);
  }

  /** Row-major core number (row * columns + column), after a range check. */
  int core(int column, int row, Supplier<String> where) {
    if (column < 0 || column >= target.columns() || row < 0 || row >= target.rows()) {
      throw new BscException(where.get(), "core r" + row + "c" + column + " is outside the " + target.rows() + "x"
          + target.columns() + " array");
    }
    return row * target.columns() + column;
  }

  LayerPlan.QueueKind kind(int code) {
    if (code < memtileBase) {
      return LayerPlan.QueueKind.SHIM_DMA;
    }
    if (code < coreBase) {
      return LayerPlan.QueueKind.MEMTILE_DMA;
    }
    return code < computeBase ? LayerPlan.QueueKind.CORE_DMA : LayerPlan.QueueKind.CORE;
  }

  /** The same names as {@link Channel#toString()}: shim0.mm2s1, mt2.s2mm3, core1_0.s2mm0; cores core1_0.compute. */
  String name(int code) {
    if (code >= computeBase) {
      int core = code - computeBase;
      return "core" + core / target.columns() + "_" + core % target.columns() + ".compute";
    }
    String tile;
    int width;
    int local;
    if (code < memtileBase) {
      width = shimWidth;
      local = code;
      tile = "shim" + local / (2 * width);
    } else if (code < coreBase) {
      width = memtileWidth;
      local = code - memtileBase;
      tile = "mt" + local / (2 * width);
    } else {
      width = coreWidth;
      local = code - coreBase;
      int core = local / (2 * width);
      tile = "core" + core / target.columns() + "_" + core % target.columns();
    }
    String dir = (local / width) % 2 == 0 ? "mm2s" : "s2mm";
    return tile + "." + dir + local % width;
  }

  private int column(Channel c, Supplier<String> where) {
    if (c.column() < 0 || c.column() >= target.columns()) {
      throw new BscException(where.get(), "channel " + c + " is outside the " + target.columns() + " columns");
    }
    return c.column();
  }

  private static int index(Channel c, bsc.aie2.Aie2Target.Dma dma, Supplier<String> where) {
    int count = c.direction() == Channel.Direction.MM2S ? dma.mm2sChannels() : dma.s2mmChannels();
    if (c.index() < 0 || c.index() >= count) {
      throw new BscException(where.get(), "channel " + c + ": the tile has " + count + " "
          + c.direction().name().toLowerCase(java.util.Locale.ROOT) + " channels");
    }
    return c.index();
  }
}
