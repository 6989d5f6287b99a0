package bsc.sim.int8;

/** The int8 values of one sample while the graph runs, by value id; a slot is null once its value died. */
final class Frame {
  private final byte[][] values;

  Frame(int slots) {
    values = new byte[slots][];
  }

  byte[] get(int id) {
    byte[] v = values[id];
    if (v == null) {
      throw new IllegalStateException("value " + id + " read before it was made or after it died");
    }
    return v;
  }

  void set(int id, byte[] v) {
    values[id] = v;
  }

  void drop(int id) {
    values[id] = null;
  }
}
