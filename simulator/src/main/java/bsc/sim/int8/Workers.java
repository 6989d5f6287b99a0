package bsc.sim.int8;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of worker threads for the INT8 kernels: {@link #forEach} offers parts 1..T-1 to the workers,
 * runs part 0 on the caller, then runs itself every offered part no worker has taken yet, and waits for the
 * rest. A network run calls it about twice per conv, so the handoff is kept cheap: a worker spins on its
 * own volatile sequence number for {@link #SPIN_NANOS} after its last part before it parks, so back-to-back
 * nodes do not pay a park/unpark round trip (tens of microseconds on a VM) per node; and a worker that is
 * parked or descheduled (the machine is shared) costs no waiting, as the caller takes its part. Threads are
 * daemons, so an executor nobody closes does not keep the JVM alive. One dispatch at a time: a call made
 * while another is running (from another thread, or from inside a part) runs its parts one after the other
 * on its own thread.
 */
final class Workers implements AutoCloseable {
  /** One share of a parallel loop. */
  @FunctionalInterface
  interface Part {
    void run(int part);
  }

  /** How long a worker spins for its next part, and the caller for a taken part, before parking. */
  static final long SPIN_NANOS = 20_000;

  private final int threads;
  private final Worker[] workers;
  private final AtomicBoolean busy = new AtomicBoolean();
  private volatile boolean closed;
  /** The caller parked in {@link #await}, or null. */
  private volatile Thread waiter;

  Workers(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1);
      Thread t = new Thread(workers[i], "bsc-int8");
      t.setDaemon(true);
      workers[i].thread = t;
      t.start();
    }
  }

  int threads() {
    return threads;
  }

  /** Runs {@code part.run(i)} for i in [0, parts), parts <= threads, and returns when all are done. */
  void forEach(int parts, Part part) {
    if (parts > threads) {
      throw new IllegalArgumentException(parts + " parts for " + threads + " threads");
    }
    if (parts <= 1 || !busy.compareAndSet(false, true)) {
      for (int i = 0; i < parts; i++) {
        part.run(i);
      }
      return;
    }
    try {
      if (closed) {
        throw new IllegalStateException("workers closed");
      }
      for (int i = 1; i < parts; i++) {
        workers[i - 1].offer(part);
      }
      Throwable first = run(part, 0);
      for (int i = 1; i < parts; i++) {
        Worker w = workers[i - 1];
        Throwable t = w.claim(w.offered) ? run(part, i) : await(w);
        first = first == null ? t : first;
      }
      if (first instanceof RuntimeException r) {
        throw r;
      }
      if (first instanceof Error e) {
        throw e;
      }
      if (first != null) {
        throw new IllegalStateException(first);
      }
    } finally {
      busy.set(false);
    }
  }

  private static Throwable run(Part part, int i) {
    try {
      part.run(i);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /** Waits until {@code w} finished the part it took; returns what it threw, or null. */
  private Throwable await(Worker w) {
    long target = w.offered;
    long t0 = System.nanoTime();
    for (int spins = 0; w.done != target; spins++) {
      if ((spins & 63) != 63 || System.nanoTime() - t0 < SPIN_NANOS) {
        Thread.onSpinWait();
        continue;
      }
      waiter = Thread.currentThread();
      if (w.done != target) {
        LockSupport.park(this);
      }
      waiter = null;
    }
    Throwable t = w.error;
    w.error = null;
    return t;
  }

  @Override
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  /**
   * One worker thread. Offer n (counted from 1) is taken by whoever moves {@code claimed} from n - 1 to n
   * first: the worker, which then runs part {@code index} and sets {@code done} to n, or the caller.
   */
  private final class Worker implements Runnable {
    private final int index;
    private Thread thread;
    private Part task;
    private Throwable error;
    /** Bumped by the caller after it set the task. */
    private volatile long offered;
    private final AtomicLong claimed = new AtomicLong();
    /** The last offer the worker ran (error set before). */
    private volatile long done;
    /** True while the worker is parked or about to park. */
    private volatile boolean sleeping;

    Worker(int index) {
      this.index = index;
    }

    void offer(Part p) {
      task = p;
      offered = offered + 1;
      if (sleeping) {
        LockSupport.unpark(thread);
      }
    }

    boolean claim(long n) {
      return claimed.compareAndSet(n - 1, n);
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long n = next(seen);
        if (n < 0) {
          return;
        }
        seen = n;
        if (!claim(n)) {
          continue; // the caller ran it
        }
        Part p = task;
        try {
          p.run(index);
        } catch (Throwable t) {
          error = t;
        }
        done = n;
        Thread w = waiter;
        if (w != null) {
          LockSupport.unpark(w);
        }
      }
    }

    /** Spins, then parks, until {@code offered} moves past {@code seen}; -1 once closed. */
    private long next(long seen) {
      long t0 = System.nanoTime();
      for (int spins = 0; ; spins++) {
        long n = offered;
        if (n != seen) {
          return n;
        }
        if (closed) {
          return -1;
        }
        if ((spins & 63) != 63 || System.nanoTime() - t0 < SPIN_NANOS) {
          Thread.onSpinWait();
          continue;
        }
        sleeping = true;
        if (offered == seen && !closed) {
          LockSupport.park(this);
        }
        sleeping = false;
      }
    }
  }
}
