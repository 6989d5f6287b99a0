package bsc.aie2.program;

/**
 * A buffer at one level. MEMTILE and CORE buffers are symmetric: the same offset in every memtile (or every
 * core). {@code slots} is 2 for ping/pong buffers: slot s occupies
 * [offsetBytes + s * slotBytes, offsetBytes + (s + 1) * slotBytes). Access patterns are relative to a slot.
 */
public record Buffer(String id, Level level, long offsetBytes, long slotBytes, int slots, String purpose) {
  public long bytes() {
    return slotBytes * slots;
  }

  public long endBytes() {
    return offsetBytes + bytes();
  }
}
