package bsc.aie2;

import java.util.Map;
import java.util.TreeMap;

/**
 * An AIE2 (AIE-ML) array as data: the backend reads these figures and never a part name (STYLE.md, Glow).
 * Loaded from a preset or a JSON file by {@link TargetLoader}; every figure's source is in {@link #sources()},
 * keyed by field path (e.g. {@code "core.weightBytes"}).
 *
 * <p>Rows x columns of compute tiles; one memtile row (memtile column j serves compute column j); one shim
 * tile per column. Core data memory is split into the paper's buffers (paper-facts.md 4.2 [LOG]): misc,
 * input ping/pong, output ping/pong, weights; what remains is kernel scratch (stack, accumulators).
 */
public record Aie2Target(
    String name,
    String description,
    String generation,
    int rows,
    int columns,
    double clockHz,
    Compute compute,
    Core core,
    Memtile memtile,
    Shim shim,
    Links links,
    Map<String, String> sources) {

  public Aie2Target {
    sources = sources == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(sources));
  }

  /** The vector unit: INT8 MACs per cycle and the aie::mmul shape M x K x N the kernels use. */
  public record Compute(int int8MacsPerCycle, int mmulM, int mmulK, int mmulN, int kernelCallOverheadCycles,
      double kernelEfficiency) {}

  /**
   * DMA resources of one tile kind. {@code dims} = addressing dimensions of a buffer descriptor;
   * {@code taskQueueDepth} = tasks a channel holds queued at once (their descriptors must be programmed).
   */
  public record Dma(int s2mmChannels, int mm2sChannels, int bufferDescriptors, int dims, boolean zeroPadding,
      int taskQueueDepth) {}

  /** Compute-tile data memory and its fixed buffer split (bytes). */
  public record Core(int dataMemoryBytes, int banks, int miscBytes, int inputSlotBytes, int inputSlots,
      int outputSlotBytes, int outputSlots, int weightBytes, int locks, Dma dma) {
    /** Bytes left for kernel scratch after the named buffers. */
    public int scratchBytes() {
      return dataMemoryBytes - miscBytes - inputSlotBytes * inputSlots - outputSlotBytes * outputSlots - weightBytes;
    }
  }

  /**
   * Memory tiles: {@code perColumn} of {@code bytes} each; {@code neighborReach} = how many columns east or
   * west a memtile DMA channel can address directly (AM020: channels 0-3 reach the E/W memtiles).
   */
  public record Memtile(int perColumn, int bytes, int banks, int locks, int neighborReach, Dma dma) {}

  /** Interface (shim) tiles: the DDR side of each column. */
  public record Shim(Dma dma) {}

  /** Bandwidths: stream links in bytes per cycle; DDR per column as channels x bytes per second. */
  public record Links(int streamBytesPerCycle, int ddrChannelsPerColumn, double ddrBytesPerSecondPerChannel) {}

  public int cores() {
    return rows * columns;
  }

  /** Bytes one stream moves per second at the core clock. */
  public double streamBytesPerSecond() {
    return links.streamBytesPerCycle() * clockHz;
  }

  /** Memtile bytes available per column (all memtiles of the column). */
  public long memtileBytesPerColumn() {
    return (long) memtile.perColumn() * memtile.bytes();
  }

  /** Peak INT8 MACs per second of the whole array. */
  public double peakMacsPerSecond() {
    return (double) cores() * compute.int8MacsPerCycle() * clockHz;
  }

  public String shortDescription() {
    return name + " (" + rows + " rows x " + columns + " columns, " + generation + ", "
        + Math.round(clockHz / 1e6) + " MHz)";
  }
}
