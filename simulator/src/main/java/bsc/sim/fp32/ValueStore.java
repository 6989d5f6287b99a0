package bsc.sim.fp32;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The live values of one run. Kernels may return views (a reshape shares its input's buffer), so
 * buffers are reference-counted by their root: a buffer is released only when the last value that aliases
 * it dies, and then goes back to the executor's {@link BufferPool}. Pinned buffers (weights, caller
 * inputs, graph outputs) are never freed here.
 */
final class ValueStore {
  private final BufferPool pool;
  private final Map<String, INDArray> values = new HashMap<>();
  private final Map<DataBuffer, Integer> refs = new IdentityHashMap<>();
  private final Map<DataBuffer, Boolean> pinned = new IdentityHashMap<>();
  private long liveBytes;
  private long peakBytes;

  /** Buffers of values that die go back to {@code pool}. */
  ValueStore(BufferPool pool) {
    this.pool = pool;
  }

  INDArray get(String name) {
    INDArray a = values.get(name);
    if (a == null) {
      throw new IllegalStateException("value " + name + " is not live");
    }
    return a;
  }

  boolean contains(String name) {
    return values.containsKey(name);
  }

  /** Whether {@code name}'s buffer belongs to it alone: no other live value aliases it, nor is it pinned. */
  boolean isSoleOwner(String name) {
    INDArray a = values.get(name);
    DataBuffer r = a == null ? null : root(a);
    return r != null && !pinned.containsKey(r) && refs.getOrDefault(r, 0) == 1;
  }

  /** Adds a value whose buffer this run must never free. */
  void putPinned(String name, INDArray a) {
    DataBuffer r = root(a);
    if (r != null) {
      pinned.put(r, Boolean.TRUE);
    }
    put(name, a);
  }

  void put(String name, INDArray a) {
    INDArray old = values.put(name, a);
    if (old != null) {
      release(old);
    }
    DataBuffer r = root(a);
    if (r == null) {
      return;
    }
    int count = refs.merge(r, 1, Integer::sum);
    if (count == 1 && !pinned.containsKey(r)) {
      liveBytes += r.length() * r.getElementSize();
      peakBytes = Math.max(peakBytes, liveBytes);
    }
  }

  /** Drops a value; its buffer is freed when no live value aliases it any more. */
  void drop(String name) {
    INDArray a = values.remove(name);
    if (a != null) {
      release(a);
    }
  }

  /**
   * Removes and returns a value for the caller to keep: the array itself when nothing else owns its
   * buffer, else a copy (an output that is an input, a weight or an alias of another output).
   */
  INDArray take(String name) {
    INDArray a = values.remove(name);
    DataBuffer r = a == null ? null : root(a);
    if (r == null) {
      return a;
    }
    refs.merge(r, -1, Integer::sum);
    if (pinned.containsKey(r)) {
      return a.dup();
    }
    pinned.put(r, Boolean.TRUE);
    pool.disown(r);
    return a;
  }

  /** Frees every remaining unpinned buffer. */
  void clear() {
    for (String name : values.keySet().toArray(new String[0])) {
      drop(name);
    }
  }

  /** Largest total of live intermediate bytes seen (pinned buffers excluded). */
  long peakBytes() {
    return peakBytes;
  }

  private void release(INDArray a) {
    DataBuffer r = root(a);
    if (r == null) {
      return;
    }
    int count = refs.merge(r, -1, Integer::sum);
    if (count <= 0) {
      refs.remove(r);
      if (!pinned.containsKey(r)) {
        liveBytes -= r.length() * r.getElementSize();
        pool.recycle(r);
      }
    }
  }

  /** The buffer that owns {@code a}'s memory; null for empty arrays, which own none. */
  private static DataBuffer root(INDArray a) {
    if (a.isEmpty()) {
      return null;
    }
    DataBuffer d = a.data();
    while (d.originalDataBuffer() != null && d.originalDataBuffer() != d) {
      d = d.originalDataBuffer();
    }
    return d;
  }
}
