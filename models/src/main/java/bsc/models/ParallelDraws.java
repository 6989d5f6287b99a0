package bsc.models;

import bsc.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Computes a list of independent tensors on the calling thread and a few helper threads, each taking the next
 * one no thread has taken yet. The tensors are placed by index, so the result does not depend on the threads.
 */
final class ParallelDraws {
  private ParallelDraws() {}

  static Tensor[] all(List<Supplier<Tensor>> draws, int threads) {
    Tensor[] into = new Tensor[draws.size()];
    AtomicInteger next = new AtomicInteger();
    Runnable take = () -> {
      for (int k = next.getAndIncrement(); k < into.length; k = next.getAndIncrement()) {
        into[k] = draws.get(k).get();
      }
    };
    List<FutureTask<Void>> helpers = new ArrayList<>();
    for (int t = 1; t < Math.min(threads, draws.size()); t++) {
      FutureTask<Void> helper = new FutureTask<>(take, null);
      Thread thread = new Thread(helper, "bsc-seeded-weights-" + t);
      thread.setDaemon(true);
      thread.start();
      helpers.add(helper);
    }
    take.run();
    for (FutureTask<Void> helper : helpers) {
      join(helper); // also makes the helper's writes into `into` visible here
    }
    return into;
  }

  private static void join(FutureTask<Void> helper) {
    try {
      helper.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while drawing seeded weights", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
