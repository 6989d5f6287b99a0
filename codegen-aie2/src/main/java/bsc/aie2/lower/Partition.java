package bsc.aie2.lower;

/**
 * Contiguous partitions of a sequence of loads into parts. {@link #balanced} minimizes the largest part's
 * load (the optimal linear partition, by binary search on the bottleneck): block rows keep a contiguous
 * channel range per core, so a core's outputs leave in one DMA descriptor.
 */
final class Partition {
  private Partition() {}

  /** Boundaries b[0] = 0 .. b[parts] = n; part p is [b[p], b[p+1]); trailing parts may be empty. */
  static int[] balanced(long[] loads, int parts) {
    long lo = 0;
    long hi = 0;
    for (long l : loads) {
      lo = Math.max(lo, l);
      hi += l;
    }
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (fits(loads, parts, mid)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return spread(loads, parts, lo);
  }

  /** n items in parts as equal as possible (sizes differ by at most one, larger parts first). */
  static int[] even(int n, int parts) {
    int[] b = new int[parts + 1];
    for (int p = 0; p < parts; p++) {
      b[p + 1] = b[p] + n / parts + (p < n % parts ? 1 : 0);
    }
    return b;
  }

  private static boolean fits(long[] loads, int parts, long cap) {
    int used = 1;
    long cur = 0;
    for (long l : loads) {
      if (cur + l > cap) {
        used++;
        cur = 0;
      }
      cur += l;
    }
    return used <= parts;
  }

  /**
   * Greedy cut under the cap, but leave at least one item for every later part when there are enough
   * items, so cores are not left idle when the bottleneck allows sharing.
   */
  private static int[] spread(long[] loads, int parts, long cap) {
    int n = loads.length;
    int[] b = new int[parts + 1];
    int i = 0;
    for (int p = 0; p < parts; p++) {
      b[p] = i;
      long cur = 0;
      int remainingParts = parts - p - 1;
      while (i < n && cur + loads[i] <= cap && n - i > remainingParts) {
        cur += loads[i++];
      }
      if (i == b[p] && i < n) {
        i++;
      }
    }
    b[parts] = n;
    for (int p = 1; p <= parts; p++) {
      b[p] = Math.max(b[p], b[p - 1]);
    }
    return b;
  }
}
