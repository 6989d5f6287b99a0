package bsc.sim.timing;

import java.util.Arrays;

/**
 * Discrete-event execution of one layer. A step (one iteration of one entry) starts when it is the next step
 * of every queue it uses, none of them is busy, and every lock it acquires for that iteration holds enough
 * (all taken atomically). It then occupies its queues for its cycles; at its end its releases are applied and
 * its queues are offered to the ready entries of the instruction they serve ({@link LayerPlan}). A step that
 * cannot take a lock waits on that lock instance and is retried when the instance is released; a step whose
 * queue is busy or serves an earlier instruction is retried when that queue is offered again.
 * With no event left and steps still to run the layer is deadlocked: {@link Deadlock} names the instruction,
 * iteration and lock instance of the first blocked step. An entry's first iteration also waits for the
 * instructions its instruction names in {@code after}.
 *
 * <p>Hot loop: primitive arrays, a long heap keyed by (end cycle, entry), no allocation per step.
 */
final class EventEngine {
  static final int ENTRY_BITS = 20;
  private static final long ENTRY_MASK = (1L << ENTRY_BITS) - 1;

  private final LayerPlan p;
  private final StepSink sink;
  private final int[] lockValue;
  private final int[] need;
  private final IntList touched = new IntList();
  private final IntList released = new IntList();
  private final int[] waitHead;
  private final int[] waitTail;
  private final int[] waitNext;
  private final int[] waitingOn;
  private final int[] nextIteration;
  private final long[] stepStart;
  private final int[] queueSegment;
  private final int[] queueTurn;
  private final int[] segmentUnfinished;
  private final long[] instructionRemaining;
  private final int[] instructionPending;
  private final boolean[] queueBusy;
  private final long[] queueBusyCycles;
  private final long[] instructionStart;
  private final long[] instructionEnd;
  private final LongHeap events = new LongHeap();
  private long now;
  private long remaining;

  /** What one layer's run produced: its span, each queue's busy cycles and each instruction's span. */
  record LayerRun(long startCycle, long endCycle, long[] queueBusyCycles, long[] instructionStart,
      long[] instructionEnd) {}

  EventEngine(LayerPlan plan, StepSink sink) {
    this.p = plan;
    this.sink = sink;
    this.lockValue = plan.lockInit.clone();
    this.need = new int[lockValue.length];
    this.waitHead = filled(lockValue.length, -1);
    this.waitTail = filled(lockValue.length, -1);
    this.waitNext = filled(plan.entries, -1);
    this.waitingOn = filled(plan.entries, -1);
    this.nextIteration = new int[plan.entries];
    this.stepStart = new long[plan.entries];
    this.queueSegment = Arrays.copyOf(plan.queueSegmentStart, plan.queues);
    this.queueTurn = new int[plan.queues];
    int segments = plan.segmentInstruction.length;
    this.segmentUnfinished = new int[segments];
    for (int g = 0; g < segments; g++) {
      segmentUnfinished[g] = plan.segmentEntryStart[g + 1] - plan.segmentEntryStart[g];
    }
    this.queueBusy = new boolean[plan.queues];
    this.queueBusyCycles = new long[plan.queues];
    int instructions = plan.instructions.size();
    this.instructionStart = filled(instructions, Long.MAX_VALUE);
    this.instructionEnd = filled(instructions, Long.MIN_VALUE);
    this.remaining = plan.steps();
    this.instructionPending = plan.instructionPending.clone();
    this.instructionRemaining = new long[instructions];
    for (int e = 0; e < plan.entries; e++) {
      instructionRemaining[plan.entryInstruction[e]] += plan.entryIterations[e];
    }
  }

  LayerRun run(long startCycle) {
    now = startCycle;
    for (int i = 0; i < instructionRemaining.length; i++) {
      if (instructionRemaining[i] == 0) {
        finishInstruction(i);
      }
    }
    for (int q = 0; q < p.queues; q++) {
      serve(q);
    }
    while (!events.isEmpty()) {
      long key = events.poll();
      now = key >>> ENTRY_BITS;
      complete((int) (key & ENTRY_MASK));
    }
    if (remaining > 0) {
      throw Deadlock.diagnose(this);
    }
    return new LayerRun(startCycle, Math.max(now, startCycle), queueBusyCycles, instructionStart, instructionEnd);
  }

  /** The instruction a queue serves now, or -1 when it has served all of them. */
  private int currentInstruction(int q) {
    int g = queueSegment[q];
    return g < p.queueSegmentStart[q + 1] ? p.segmentInstruction[g] : -1;
  }

  /**
   * An idle queue offers itself to the entries of its current instruction, round robin from the one after
   * the entry it served last: all ready, they interleave iteration by iteration; one blocked, the others go on.
   */
  private void serve(int q) {
    int g = queueSegment[q];
    if (g >= p.queueSegmentStart[q + 1]) {
      return;
    }
    int from = p.segmentEntryStart[g];
    int width = p.segmentEntryStart[g + 1] - from;
    for (int i = 0; i < width && !queueBusy[q]; i++) {
      int slot = (queueTurn[q] + i) % width;
      tryStart(p.segmentEntries[from + slot]);
      if (queueBusy[q]) {
        queueTurn[q] = (slot + 1) % width;
      }
    }
  }

  /** An instruction has finished all its steps: its dependents may be ready to start. */
  private void finishInstruction(int i) {
    for (int d = p.dependentStart[i]; d < p.dependentStart[i + 1]; d++) {
      int j = p.dependents[d];
      if (--instructionPending[j] == 0) {
        for (int e = p.instructionEntryStart[j]; e < p.instructionEntryStart[j + 1]; e++) {
          tryStart(e);
        }
      }
    }
  }

  /** True when all of entry e's queues serve its instruction now and none of them is busy. */
  boolean atHeadOfQueues(int e) {
    int instruction = p.entryInstruction[e];
    for (int i = p.entryQueueStart[e]; i < p.entryQueueStart[e + 1]; i++) {
      int q = p.entryQueues[i];
      if (queueBusy[q] || currentInstruction(q) != instruction) {
        return false;
      }
    }
    return true;
  }

  private void tryStart(int e) {
    if (waitingOn[e] >= 0 || nextIteration[e] >= p.entryIterations[e] || !atHeadOfQueues(e)
        || (nextIteration[e] == 0 && instructionPending[p.entryInstruction[e]] > 0)) {
      return;
    }
    int blocked = blockingLock(e, true);
    if (blocked >= 0) {
      waitingOn[e] = blocked;
      waitNext[e] = -1;
      if (waitTail[blocked] < 0) {
        waitHead[blocked] = e;
      } else {
        waitNext[waitTail[blocked]] = e;
      }
      waitTail[blocked] = e;
      return;
    }
    long cycles = p.entryCycles[e];
    for (int i = p.entryQueueStart[e]; i < p.entryQueueStart[e + 1]; i++) {
      int q = p.entryQueues[i];
      queueBusy[q] = true;
      queueBusyCycles[q] += cycles;
    }
    stepStart[e] = now;
    int instruction = p.entryInstruction[e];
    instructionStart[instruction] = Math.min(instructionStart[instruction], now);
    events.add(((now + cycles) << ENTRY_BITS) | e);
  }

  /**
   * The first lock instance that cannot cover entry e's acquires for its next iteration, or -1; with
   * {@code take} and nothing blocking, the acquires are performed (atomically, summed per instance).
   */
  int blockingLock(int e, boolean take) {
    LayerPlan.OpTable acq = p.acquires;
    int from = acq.start()[e];
    int to = acq.start()[e + 1];
    if (from == to) {
      return -1;
    }
    int k = nextIteration[e];
    int iterations = p.entryIterations[e];
    touched.clear();
    for (int op = from; op < to; op++) {
      if (acq.value()[op] > 0 && acq.applies(op, k, iterations)) {
        int l = acq.lock()[op];
        if (need[l] == 0) {
          touched.add(l);
        }
        need[l] += acq.value()[op];
      }
    }
    int blocked = -1;
    for (int i = 0; i < touched.size() && blocked < 0; i++) {
      int l = touched.get(i);
      if (lockValue[l] < need[l]) {
        blocked = l;
      }
    }
    for (int i = 0; i < touched.size(); i++) {
      int l = touched.get(i);
      if (blocked < 0 && take) {
        lockValue[l] -= need[l];
      }
      need[l] = 0;
    }
    return blocked;
  }

  private void complete(int e) {
    int k = nextIteration[e];
    if (sink != null) {
      sink.step(p, e, k, stepStart[e], now);
    }
    int instruction = p.entryInstruction[e];
    instructionEnd[instruction] = Math.max(instructionEnd[instruction], now);
    releaseLocks(e, k);
    nextIteration[e] = k + 1;
    remaining--;
    boolean last = k + 1 == p.entryIterations[e];
    for (int i = p.entryQueueStart[e]; i < p.entryQueueStart[e + 1]; i++) {
      int q = p.entryQueues[i];
      queueBusy[q] = false;
      if (last && --segmentUnfinished[queueSegment[q]] == 0) {
        queueSegment[q]++;
        queueTurn[q] = 0;
      }
    }
    for (int i = p.entryQueueStart[e]; i < p.entryQueueStart[e + 1]; i++) {
      serve(p.entryQueues[i]);
    }
    for (int i = 0; i < released.size(); i++) {
      wake(released.get(i));
    }
    if (--instructionRemaining[instruction] == 0) {
      finishInstruction(instruction);
    }
  }

  private void releaseLocks(int e, int k) {
    released.clear();
    LayerPlan.OpTable rel = p.releases;
    int iterations = p.entryIterations[e];
    for (int op = rel.start()[e]; op < rel.start()[e + 1]; op++) {
      if (rel.value()[op] > 0 && rel.applies(op, k, iterations)) {
        lockValue[rel.lock()[op]] += rel.value()[op];
        released.add(rel.lock()[op]);
      }
    }
  }

  private void wake(int lock) {
    int w = waitHead[lock];
    waitHead[lock] = -1;
    waitTail[lock] = -1;
    while (w >= 0) {
      int next = waitNext[w];
      waitingOn[w] = -1;
      tryStart(w);
      w = next;
    }
  }

  // read access for the deadlock report
  LayerPlan plan() {
    return p;
  }

  long now() {
    return now;
  }

  long remainingSteps() {
    return remaining;
  }

  int nextIteration(int e) {
    return nextIteration[e];
  }

  int pendingDependencies(int instruction) {
    return instructionPending[instruction];
  }

  boolean instructionFinished(int instruction) {
    return instructionRemaining[instruction] == 0;
  }

  int lockValue(int lock) {
    return lockValue[lock];
  }

  /** Per queue, the instruction it serves now (-1 when done). */
  int[] queueInstructions() {
    int[] current = new int[p.queues];
    for (int q = 0; q < p.queues; q++) {
      current[q] = currentInstruction(q);
    }
    return current;
  }

  private static int[] filled(int n, int v) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  private static long[] filled(int n, long v) {
    long[] a = new long[n];
    Arrays.fill(a, v);
    return a;
  }
}
