package bsc.sim.timing;

/**
 * Bytes moved per level of the memory hierarchy. Memtile -> core traffic is counted once per stream
 * ({@code memtileToCores}) and once per receiving core ({@code memtileToCoresDelivered}, broadcasts multiply).
 */
public record BytesMoved(
    long ddrToMemtile, long memtileToDdr, long memtileToCores, long memtileToCoresDelivered, long coresToMemtile) {
  public static final BytesMoved ZERO = new BytesMoved(0, 0, 0, 0, 0);

  public BytesMoved plus(BytesMoved o) {
    return new BytesMoved(ddrToMemtile + o.ddrToMemtile, memtileToDdr + o.memtileToDdr,
        memtileToCores + o.memtileToCores, memtileToCoresDelivered + o.memtileToCoresDelivered,
        coresToMemtile + o.coresToMemtile);
  }
}
