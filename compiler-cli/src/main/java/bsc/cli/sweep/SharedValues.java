package bsc.cli.sweep;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Values computed once and shared by the threads of a sweep (an imported model, a pruned model, a dense
 * baseline), each dropped as soon as its last planned use is released, so a sweep over many sparsities holds
 * only the pruned models its running combinations need. The first caller of {@link #get} computes; concurrent
 * callers of the same key wait for it. A computation that throws is remembered: every use sees the same
 * failure and it is not retried.
 */
final class SharedValues<K, V> {
  private final Function<K, V> compute;
  private final Map<K, Integer> remaining;
  private final Map<K, FutureTask<V>> values = new HashMap<>();

  /** {@code uses}: how many times each key will be released; a key not in it is never cached. */
  SharedValues(Map<K, Integer> uses, Function<K, V> compute) {
    this.compute = compute;
    this.remaining = new HashMap<>(uses);
  }

  /** The value of {@code key}, computed by this thread if no other has started it. */
  V get(K key) {
    FutureTask<V> task;
    boolean mine = false;
    synchronized (this) {
      task = values.get(key);
      if (task == null) {
        task = new FutureTask<>(() -> compute.apply(key));
        mine = true;
        if (remaining.getOrDefault(key, 0) > 0) {
          values.put(key, task);
        }
      }
    }
    if (mine) {
      task.run();
    }
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + key, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** One planned use of {@code key} is over; after the last, the value is dropped. */
  synchronized void release(K key) {
    Integer left = remaining.get(key);
    if (left == null) {
      return;
    }
    if (left <= 1) {
      remaining.remove(key);
      values.remove(key);
    } else {
      remaining.put(key, left - 1);
    }
  }

  /** How many values are held now (for tests of the release rule). */
  synchronized int held() {
    return values.size();
  }
}
