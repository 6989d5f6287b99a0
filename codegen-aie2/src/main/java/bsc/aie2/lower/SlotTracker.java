package bsc.aie2.lower;

import java.util.HashMap;
import java.util.Map;

/**
 * Which ping/pong slot each core uses next, per buffer: producers and consumers of one iteration agree by
 * reading the same counter, which advances by the iterations run.
 */
final class SlotTracker {
  /** A buffer of one core. */
  private record Key(String buffer, int column, int row) {}

  private final Map<Key, Integer> used = new HashMap<>();

  int next(String buffer, int column, int row, int slots) {
    return used.getOrDefault(new Key(buffer, column, row), 0) % slots;
  }

  void advance(String buffer, int column, int row, int iterations) {
    used.merge(new Key(buffer, column, row), iterations, Integer::sum);
  }
}
