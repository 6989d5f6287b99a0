package bsc.sim.int8;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed set of worker threads for the INT8 kernels: {@link #forEach} runs parts 1..T-1 on the workers
 * and part 0 on the caller, then waits. Threads are daemons, so an executor nobody closes does not keep
 * the JVM alive.
 */
final class Workers implements AutoCloseable {
  /** One share of a parallel loop. */
  @FunctionalInterface
  interface Part {
    void run(int part);
  }

  private final int threads;
  private final ExecutorService pool;

  Workers(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "bsc-int8");
      t.setDaemon(true);
      return t;
    });
  }

  int threads() {
    return threads;
  }

  /** Runs {@code part.run(i)} for i in [0, parts), parts <= threads, and returns when all are done. */
  void forEach(int parts, Part part) {
    if (parts <= 1 || pool == null) {
      for (int i = 0; i < parts; i++) {
        part.run(i);
      }
      return;
    }
    List<Future<?>> futures = new ArrayList<>(parts - 1);
    for (int i = 1; i < parts; i++) {
      int p = i;
      futures.add(pool.submit(() -> part.run(p)));
    }
    part.run(0);
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
          throw r;
        }
        throw new IllegalStateException(c);
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
