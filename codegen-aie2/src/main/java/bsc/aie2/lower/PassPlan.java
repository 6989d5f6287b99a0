package bsc.aie2.lower;

import java.util.List;

/**
 * How a layer is tiled in time when its working set does not fit the memtile (paper-facts.md 4.2: a layer
 * whose tensors live in DDR "is then split in time"): output row bands (ranges of row tiles) and chunk
 * groups (ranges of weight chunks loaded together). Byte sizes are per memtile: the weight buffer, one
 * staging buffer per DDR-resident input, the output staging buffer, the partial-sum buffer.
 */
record PassPlan(List<int[]> bands, List<int[]> chunkGroups, long weightBytes, long[] stageInBytes, long stageOutBytes,
    long psumBytes) {
  PassPlan {
    bands = List.copyOf(bands);
    chunkGroups = List.copyOf(chunkGroups);
    stageInBytes = stageInBytes.clone();
  }

  boolean weightsOnce() {
    return chunkGroups.size() == 1;
  }

  int passes() {
    return bands.size() * chunkGroups.size();
  }

  long scratchBytes() {
    long n = weightBytes + stageOutBytes + psumBytes;
    for (long s : stageInBytes) {
      n += s;
    }
    return n;
  }
}
