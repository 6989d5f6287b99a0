package bsc.cli.sweep;

import bsc.ir.BscException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs combinations on {@code jobs} threads of this JVM, in canonical order of start (so the rows of one pruned
 * model run close together and it can be dropped early), appending each row to the output as it finishes. A
 * combination that throws becomes a failed row; only a failure to write the output stops the sweep.
 */
public final class SweepExecutor {
  private SweepExecutor() {}

  /** Runs {@code todo}; {@code onRow} sees each row after it is on disk. Returns the number of failed rows. */
  public static int run(List<Combination> todo, CombinationRunner runner, int jobs, SweepOutput out,
      Consumer<SweepRow> onRow) {
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger thread = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
      Thread t = new Thread(r, "bsc-sweep-" + thread.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>(todo.size());
      for (Combination c : todo) {
        futures.add(pool.submit(() -> {
          SweepRow row = runSafely(runner, c);
          out.append(row);
          runner.done(c);
          if (!row.ok()) {
            failed.incrementAndGet();
          }
          onRow.accept(row);
        }));
      }
      for (Future<?> f : futures) {
        await(f);
      }
    } finally {
      pool.shutdownNow();
    }
    return failed.get();
  }

  /** The runner's row, or a failed row for anything it threw (a bug, or memory exhausted by one big model). */
  static SweepRow runSafely(CombinationRunner runner, Combination c) {
    try {
      return runner.run(c);
    } catch (BscException e) {
      return SweepRow.failed(c, null, e.getMessage());
    } catch (OutOfMemoryError e) {
      return SweepRow.failed(c, null, "out of memory (more heap: BSC_JAVA_OPTS=-Xmx8g; fewer --jobs)");
    } catch (RuntimeException | StackOverflowError e) {
      return SweepRow.failed(c, null, "internal error (a bug in bsc): " + e);
    }
  }

  private static void await(Future<?> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BscException("sweep", "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
