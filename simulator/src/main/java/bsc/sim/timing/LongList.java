package bsc.sim.timing;

import java.util.Arrays;

/** A growable long array (no boxing). */
final class LongList {
  private long[] data = new long[16];
  private int size;

  void add(long v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, size * 2);
    }
    data[size++] = v;
  }

  int size() {
    return size;
  }

  long[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
