package bsc.aie2;

import bsc.ir.BscException;

/** Range checks on a bound target; each failure names the field. */
final class TargetValidator {
  private TargetValidator() {}

  static void check(Aie2Target t, String where) {
    nonEmpty(where, "name", t.name());
    nonEmpty(where, "generation", t.generation());
    positive(where, "rows", t.rows());
    positive(where, "columns", t.columns());
    positive(where, "clockHz", t.clockHz());
    Aie2Target.Compute c = t.compute();
    positive(where, "compute.int8MacsPerCycle", c.int8MacsPerCycle());
    positive(where, "compute.mmulM", c.mmulM());
    positive(where, "compute.mmulK", c.mmulK());
    positive(where, "compute.mmulN", c.mmulN());
    atLeast(where, "compute.kernelCallOverheadCycles", c.kernelCallOverheadCycles(), 0);
    if (!(c.kernelEfficiency() > 0 && c.kernelEfficiency() <= 1)) {
      throw fail(where, "compute.kernelEfficiency", "must be in (0, 1], got " + c.kernelEfficiency());
    }
    Aie2Target.Core core = t.core();
    positive(where, "core.dataMemoryBytes", core.dataMemoryBytes());
    positive(where, "core.banks", core.banks());
    atLeast(where, "core.miscBytes", core.miscBytes(), 0);
    positive(where, "core.inputSlotBytes", core.inputSlotBytes());
    positive(where, "core.inputSlots", core.inputSlots());
    positive(where, "core.outputSlotBytes", core.outputSlotBytes());
    positive(where, "core.outputSlots", core.outputSlots());
    positive(where, "core.weightBytes", core.weightBytes());
    positive(where, "core.locks", core.locks());
    if (core.scratchBytes() < 0) {
      throw fail(where, "core.dataMemoryBytes", core.dataMemoryBytes() + " bytes cannot hold misc, input, output and"
          + " weight buffers (" + (core.dataMemoryBytes() - core.scratchBytes()) + " bytes)");
    }
    dma(where, "core.dma", core.dma());
    positive(where, "memtile.perColumn", t.memtile().perColumn());
    positive(where, "memtile.bytes", t.memtile().bytes());
    positive(where, "memtile.banks", t.memtile().banks());
    positive(where, "memtile.locks", t.memtile().locks());
    atLeast(where, "memtile.neighborReach", t.memtile().neighborReach(), 0);
    dma(where, "memtile.dma", t.memtile().dma());
    dma(where, "shim.dma", t.shim().dma());
    positive(where, "links.streamBytesPerCycle", t.links().streamBytesPerCycle());
    positive(where, "links.ddrChannelsPerColumn", t.links().ddrChannelsPerColumn());
    positive(where, "links.ddrBytesPerSecondPerChannel", t.links().ddrBytesPerSecondPerChannel());
  }

  private static void dma(String where, String field, Aie2Target.Dma d) {
    if (d == null) {
      throw fail(where, field, "missing");
    }
    positive(where, field + ".s2mmChannels", d.s2mmChannels());
    positive(where, field + ".mm2sChannels", d.mm2sChannels());
    positive(where, field + ".bufferDescriptors", d.bufferDescriptors());
    positive(where, field + ".dims", d.dims());
    positive(where, field + ".taskQueueDepth", d.taskQueueDepth());
  }

  private static void nonEmpty(String where, String field, String v) {
    if (v == null || v.isBlank()) {
      throw fail(where, field, "must not be empty");
    }
  }

  private static void positive(String where, String field, double v) {
    if (!(v > 0)) {
      throw fail(where, field, "must be positive, got " + v);
    }
  }

  private static void atLeast(String where, String field, double v, double min) {
    if (!(v >= min)) {
      throw fail(where, field, "must be at least " + min + ", got " + v);
    }
  }

  private static BscException fail(String where, String field, String what) {
    return new BscException(where, "field " + field + ": " + what);
  }
}
