package bsc.aie2.lower;

import java.util.HashMap;
import java.util.Map;

/**
 * Which ping/pong slot each core uses next, per buffer: producers and consumers of one iteration agree by
 * reading the same counter, which advances by the iterations run.
 */
final class SlotTracker {
  private final Map<String, Integer> used = new HashMap<>();

  int next(String buffer, int column, int row, int slots) {
    return used.getOrDefault(key(buffer, column, row), 0) % slots;
  }

  void advance(String buffer, int column, int row, int iterations) {
    used.merge(key(buffer, column, row), iterations, Integer::sum);
  }

  private static String key(String buffer, int column, int row) {
    return buffer + "@" + column + "," + row;
  }
}
