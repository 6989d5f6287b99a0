package bsc.sim.timing;

import java.util.Arrays;

/** A growable int array (no boxing on the simulator's set-up and hot paths). */
final class IntList {
  private int[] data;
  private int size;

  IntList() {
    this(8);
  }

  IntList(int capacity) {
    data = new int[Math.max(1, capacity)];
  }

  void add(int v) {
    if (size == data.length) {
      data = Arrays.copyOf(data, size * 2);
    }
    data[size++] = v;
  }

  int get(int i) {
    return data[i];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }

  int[] toArray() {
    return Arrays.copyOf(data, size);
  }
}
