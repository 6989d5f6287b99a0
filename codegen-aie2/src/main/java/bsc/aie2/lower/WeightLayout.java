package bsc.aie2.lower;

import bsc.aie2.Aie2Target;

/**
 * Where every weight chunk of a layer lives: in DDR (relative to the layer's region of weights.bin) and in
 * its memtile's weight buffer during its chunk group. DDR order: chunk group, memtile, chunk, weight group,
 * input-channel chunk, so one chunk group's weights for one memtile are a single contiguous load (LOADW),
 * and each (weight group, chunk, ci chunk) is a single contiguous LOADWM.
 */
final class WeightLayout {
  private final long[][][] ddr;
  private final long[][][] memtile;
  private final long[][] loadDdr;
  private final long[][] loadBytes;
  private final long total;

  WeightLayout(CorePlan p, ChunkSizes cs, PassPlan pp, Aie2Target t) {
    int groups = cs.groups();
    int k = p.chunks();
    int q = p.ciChunks().size();
    ddr = new long[groups][k][q];
    memtile = new long[groups][k][q];
    loadDdr = new long[pp.chunkGroups().size()][t.columns()];
    loadBytes = new long[pp.chunkGroups().size()][t.columns()];
    long at = 0;
    for (int kg = 0; kg < pp.chunkGroups().size(); kg++) {
      int[] kr = pp.chunkGroups().get(kg);
      for (int m = 0; m < t.columns(); m++) {
        loadDdr[kg][m] = at;
        long inMemtile = 0;
        for (int c = kr[0]; c < kr[1]; c++) {
          for (int g = 0; g < groups; g++) {
            if (Geometry.memtileOfGroup(p, g) != m) {
              continue;
            }
            for (int i = 0; i < q; i++) {
              ddr[g][c][i] = at;
              memtile[g][c][i] = inMemtile;
              at += cs.bytes(g, c, i);
              inMemtile += cs.bytes(g, c, i);
            }
          }
        }
        loadBytes[kg][m] = inMemtile;
      }
    }
    total = at;
  }

  long ddrOffset(int g, int k, int q) {
    return ddr[g][k][q];
  }

  long memtileOffset(int g, int k, int q) {
    return memtile[g][k][q];
  }

  long loadDdrOffset(int chunkGroup, int m) {
    return loadDdr[chunkGroup][m];
  }

  long loadBytes(int chunkGroup, int m) {
    return loadBytes[chunkGroup][m];
  }

  long totalBytes() {
    return total;
  }
}
