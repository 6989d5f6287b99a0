package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.ir.BscException;

/**
 * Chooses how many cores of each column a layer uses: all of them, unless its smallest memtile working set on
 * all of them exceeds the memtile. Each core's weight group stages at least one weight chunk with all its
 * input-channel chunks in its column's memtile (one LOADW per chunk group, PassPlanner), so the smallest working
 * set grows with the weight groups a memtile serves: a fully connected layer with many input channels, lowered
 * as a conv with its output channels over all cores (COUT split), stages one block row of every input channel
 * per core. VGG-16's fc6 (25088 -> 4096, dense, a 7x7 conv over 7x7x512) takes 201536 bytes per core; with the
 * staged input, output and partial sums, 619552 bytes for the 3 cores of a 3x3 column, more than the 512 KB
 * memtile (SimulatorOnModelsTest works the figures). Then the layer runs on the first cores of each column
 * only, as many as fit (every column still streams its share of the weights from DDR, which bounds such a
 * layer). Only when a single core per column does not fit either is the layer rejected.
 */
final class CoreCount {
  /** Plans a layer with at least the given number of CIN chunks on the first cores of every column. */
  interface Planner {
    Lowering.Planned plan(Layer l, int minCiChunks, int coresPerColumn);
  }

  private final Aie2Target t;
  private final Planner planner;

  CoreCount(Aie2Target t, Planner planner) {
    this.t = t;
    this.planner = planner;
  }

  /** The plan on the most cores per column whose smallest working set fits the memtile (fewest CIN chunks). */
  Lowering.Planned choose(Layer l) {
    long capacity = t.memtileBytesPerColumn();
    long smallest = Long.MAX_VALUE;
    for (int n = t.rows(); n >= 1; n--) {
      Lowering.Planned c = planner.plan(l, 1, n);
      if (c.minScratch() <= capacity) {
        return c;
      }
      smallest = Math.min(smallest, c.minScratch());
    }
    throw new BscException("layer " + l.name(), "its smallest working set (" + smallest + " bytes) exceeds the"
        + " memtile (" + capacity + " bytes) on any number of cores per column");
  }
}
