package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The worker handoff: every part exactly once (a worker and the caller race for each offered part; 20,000
 * dispatches of tiny parts make them meet), errors reach the caller, concurrent callers and nested calls.
 */
class WorkersTest {
  @Test
  void runsEveryPartOnceWithPartZeroOnTheCallerAndTheOthersOnWorkersUnlessTheCallerGotThereFirst() {
    int onWorkers = 0;
    try (Workers w = new Workers(3)) {
      for (int round = 0; round < 20_000; round++) {
        int[] count = new int[3];
        Thread[] by = new Thread[3];
        int parts = 1 + round % 3;
        w.forEach(parts, p -> {
          count[p]++;
          by[p] = Thread.currentThread();
        });
        for (int p = 0; p < 3; p++) {
          assertEquals(p < parts ? 1 : 0, count[p], "round " + round + " part " + p);
        }
        assertSame(Thread.currentThread(), by[0]);
        for (int p = 1; p < parts; p++) {
          assertTrue(by[p] == Thread.currentThread() || by[p].isDaemon());
          onWorkers += by[p] == Thread.currentThread() ? 0 : 1;
        }
      }
    }
    assertTrue(onWorkers > 0, "no part ran on a worker");
  }

  @Test
  void aWorkersExceptionReachesTheCallerAfterEveryPartIsDone() {
    try (Workers w = new Workers(2)) {
      boolean[] partZeroDone = new boolean[1];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.forEach(2, p -> {
        if (p == 1) {
          throw new IllegalArgumentException("part one");
        }
        partZeroDone[0] = true;
      }));
      assertEquals("part one", e.getMessage());
      assertTrue(partZeroDone[0]);
      long[] later = new long[2];
      w.forEach(2, p -> later[p] = p + 10);
      assertArrayEquals(new long[] {10, 11}, later);
    }
  }

  @Test
  void theCallersExceptionWaitsForTheWorkersPart() {
    try (Workers w = new Workers(2)) {
      boolean[] partOneDone = new boolean[1];
      assertThrows(IllegalStateException.class, () -> w.forEach(2, p -> {
        if (p == 0) {
          throw new IllegalStateException("part zero");
        }
        sleep(20);
        partOneDone[0] = true;
      }));
      assertTrue(partOneDone[0], "forEach returned before the worker's part ended");
      Error err = assertThrows(AssertionError.class, () -> w.forEach(2, p -> {
        if (p == 1) {
          throw new AssertionError("an error from a worker");
        }
      }));
      assertEquals("an error from a worker", err.getMessage());
    }
  }

  @Test
  void manyCallersOnManyWorkersAllGetTheirSums() throws InterruptedException {
    List<Workers> pools = List.of(new Workers(2), new Workers(2), new Workers(3));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> callers = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      Workers w = pools.get(c % pools.size());
      Thread t = new Thread(() -> {
        try {
          for (int round = 0; round < 3_000; round++) {
            long[] sums = new long[2];
            int n = 100 + round % 50;
            w.forEach(2, p -> {
              for (int i = p * n; i < (p + 1) * n; i++) {
                sums[p] += i;
              }
            });
            assertEquals((long) (2 * n) * (2 * n - 1) / 2, sums[0] + sums[1]);
            // a part that dispatches again runs its inner parts on its own thread
            AtomicIntegerArray inner = new AtomicIntegerArray(2);
            w.forEach(2, p -> w.forEach(2, q -> inner.incrementAndGet(q)));
            assertEquals("[2, 2]", inner.toString());
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      callers.add(t);
      t.start();
    }
    for (Thread t : callers) {
      t.join(120_000);
      assertFalse(t.isAlive(), "a caller hangs");
    }
    pools.forEach(Workers::close);
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  @Test
  void closeEndsTheWorkerThreads() throws InterruptedException {
    Workers w = new Workers(2);
    Thread[] worker = new Thread[1];
    CountDownLatch taken = new CountDownLatch(1);
    // part 0 waits until a worker runs part 1, so part 1 cannot be left to the caller
    w.forEach(2, p -> {
      if (p == 1) {
        worker[0] = Thread.currentThread();
        taken.countDown();
      } else {
        assertTrue(await(taken, 10_000));
      }
    });
    assertNotSame(Thread.currentThread(), worker[0]);
    w.close();
    worker[0].join(10_000);
    assertFalse(worker[0].isAlive());
    assertThrows(IllegalStateException.class, () -> w.forEach(2, p -> { }));
  }

  private static boolean await(CountDownLatch latch, long millis) {
    try {
      return latch.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
