package bsc.aie2.verify;

import bsc.aie2.program.Channel;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a layer untimed with the program's own rules (docs/PROGRAM.md section 4): queues per DMA channel and
 * core, {@code after} dependencies, lock acquires and releases per entry instance. Fails on a deadlock
 * (naming the first instruction that cannot proceed), on undefined locks, and when a lock does not end at
 * its initial value (an acquire without its release, or the reverse).
 */
final class LockCheck {
  /** Instructions scanned ahead of the oldest unfinished one before the whole layer is scanned. */
  private static final int WINDOW = 96;

  private static final class Entry {
    final Instruction instr;
    final List<String> queues;
    final List<String> instances;
    /** Per acquire/release op, the value slots of the lock's instances this entry uses. */
    int[][] acquireSlots;
    int[][] releaseSlots;
    int done;

    Entry(Instruction instr, List<String> queues, List<String> instances) {
      this.instr = instr;
      this.queues = queues;
      this.instances = instances;
    }

    boolean finished() {
      return done == instr.iterations();
    }
  }

  private final LayerProgram l;
  private final Map<String, Integer> slotOf = new HashMap<>();
  private final List<String> slotNames = new ArrayList<>();
  private int[] values = new int[64];
  /** Per lock slot, the last instruction that acquired it and the last that released it (-1: none). */
  private int[] lastAcquirer = new int[64];
  private int[] lastReleaser = new int[64];
  /** Per queue: the instructions using it in order, and how many of each one's entries are unfinished. */
  private final Map<String, List<int[]>> queues = new HashMap<>();
  private final Map<String, Integer> heads = new HashMap<>();
  private final List<List<Entry>> byInstruction = new ArrayList<>();
  private final int[] remaining;

  LockCheck(LayerProgram l) {
    this.l = l;
    this.remaining = new int[l.instructions().size()];
  }

  void check() {
    for (Instruction i : l.instructions()) {
      List<Entry> es = entries(i);
      byInstruction.add(es);
      remaining[i.id()] = es.size();
      for (Entry e : es) {
        for (String q : e.queues) {
          List<int[]> list = queues.computeIfAbsent(q, k -> new ArrayList<>());
          if (list.isEmpty() || list.get(list.size() - 1)[0] != i.id()) {
            list.add(new int[] {i.id(), 0});
          }
          list.get(list.size() - 1)[1]++;
        }
      }
    }
    run();
    for (int i = 0; i < slotNames.size(); i++) {
      String key = slotNames.get(i);
      int init = l.lock(lockName(key)).init();
      if (values[i] != init) {
        boolean low = values[i] < init;
        int culprit = low ? lastAcquirer[i] : lastReleaser[i];
        throw Failure.at(l, culprit < 0 ? null : l.instructions().get(culprit), "lock " + key + " ends at "
            + values[i] + ", not its initial " + init + (low ? " (this instruction was the last to acquire it; "
            + "an acquire without a matching release)" : " (this instruction was the last to release it; a release "
            + "without a matching acquire)"));
      }
    }
  }

  private void run() {
    int oldest = 0;
    int n = byInstruction.size();
    while (oldest < n) {
      boolean progress = sweep(oldest, Math.min(n, oldest + WINDOW)) || sweep(oldest, n);
      while (oldest < n && remaining[oldest] == 0) {
        oldest++;
      }
      if (!progress && oldest < n) {
        Instruction stuck = l.instructions().get(oldest);
        throw Failure.at(l, stuck, "cannot proceed (deadlock: " + reason(oldest) + ")");
      }
    }
  }

  private boolean sweep(int from, int to) {
    boolean progress = false;
    for (int i = from; i < to; i++) {
      if (remaining[i] == 0 || !afterDone(l.instructions().get(i))) {
        continue;
      }
      for (Entry e : byInstruction.get(i)) {
        progress |= advance(e);
      }
    }
    return progress;
  }

  private boolean advance(Entry e) {
    if (e.finished() || !atHead(e)) {
      return false;
    }
    boolean progress = false;
    while (!e.finished() && canAcquire(e)) {
      apply(e, e.instr.acquire(), -1);
      apply(e, e.instr.release(), 1);
      e.done++;
      progress = true;
    }
    if (e.finished()) {
      for (String q : e.queues) {
        int h = heads.getOrDefault(q, 0);
        if (--queues.get(q).get(h)[1] == 0) {
          heads.put(q, h + 1);
        }
      }
      remaining[e.instr.id()]--;
    }
    return progress;
  }

  private boolean atHead(Entry e) {
    for (String q : e.queues) {
      if (queues.get(q).get(heads.getOrDefault(q, 0))[0] != e.instr.id()) {
        return false;
      }
    }
    return true;
  }

  private boolean afterDone(Instruction i) {
    for (int a : i.after()) {
      if (a >= i.id() || remaining[a] != 0) {
        return false;
      }
    }
    return true;
  }

  private boolean canAcquire(Entry e) {
    List<LockOp> ops = e.instr.acquire();
    for (int o = 0; o < ops.size(); o++) {
      LockOp op = ops.get(o);
      if (op.appliesTo(e.done, e.instr.iterations())) {
        for (int slot : e.acquireSlots[o]) {
          if (values[slot] < op.value()) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private void apply(Entry e, List<LockOp> ops, int sign) {
    int[][] slots = sign < 0 ? e.acquireSlots : e.releaseSlots;
    for (int o = 0; o < ops.size(); o++) {
      LockOp op = ops.get(o);
      if (op.appliesTo(e.done, e.instr.iterations())) {
        for (int slot : slots[o]) {
          values[slot] += sign * op.value();
          (sign < 0 ? lastAcquirer : lastReleaser)[slot] = e.instr.id();
        }
      }
    }
  }

  private int[][] slots(List<LockOp> ops, List<String> instances) {
    int[][] out = new int[ops.size()][];
    for (int o = 0; o < ops.size(); o++) {
      out[o] = new int[instances.size()];
      for (int k = 0; k < instances.size(); k++) {
        out[o][k] = slot(ops.get(o).lock() + "@" + instances.get(k));
      }
    }
    return out;
  }

  private int slot(String key) {
    Integer s = slotOf.get(key);
    if (s == null) {
      s = slotNames.size();
      slotOf.put(key, s);
      slotNames.add(key);
      if (s == values.length) {
        values = java.util.Arrays.copyOf(values, 2 * s);
        lastAcquirer = java.util.Arrays.copyOf(lastAcquirer, 2 * s);
        lastReleaser = java.util.Arrays.copyOf(lastReleaser, 2 * s);
      }
      lastAcquirer[s] = -1;
      lastReleaser[s] = -1;
      values[s] = l.lock(lockName(key)).init();
    }
    return s;
  }

  private static String lockName(String key) {
    return key.substring(0, key.indexOf('@'));
  }

  private String reason(int id) {
    Instruction i = l.instructions().get(id);
    for (int a : i.after()) {
      if (a >= i.id() || remaining[a] != 0) {
        return "waits for instruction " + a;
      }
    }
    for (Entry e : byInstruction.get(id)) {
      if (!e.finished() && !atHead(e)) {
        return "an earlier entry holds its channel or core";
      }
      if (!e.finished()) {
        return "iteration " + e.done + " waits on a lock of " + e.instances;
      }
    }
    return "unknown";
  }

  private List<Entry> entries(Instruction i) {
    for (LockOp op : i.acquire()) {
      defined(i, op);
    }
    for (LockOp op : i.release()) {
      defined(i, op);
    }
    List<Entry> out = new ArrayList<>();
    for (Transfer t : i.transfers()) {
      List<String> q = new ArrayList<>();
      for (Transfer.Segment s : t.segments()) {
        addQueue(q, s.src().channel(), s.src(), true);
        addQueue(q, s.dst().channel(), s.dst(), false);
      }
      Transfer.Segment s0 = t.segments().get(0);
      List<TileRef> cores = s0.dst().level() == Level.CORE ? s0.dst().tiles()
          : s0.src().level() == Level.CORE ? s0.src().tiles() : List.of();
      out.add(withSlots(new Entry(i, q, instances(i, cores))));
    }
    for (Compute c : i.computes()) {
      out.add(withSlots(new Entry(i, List.of("core " + c.core()), instances(i, List.of(c.core())))));
    }
    return out;
  }

  private Entry withSlots(Entry e) {
    e.acquireSlots = slots(e.instr.acquire(), e.instances);
    e.releaseSlots = slots(e.instr.release(), e.instances);
    return e;
  }

  private void addQueue(List<String> q, Channel ch, Endpoint e, boolean source) {
    if (e.level() == Level.CORE && !source) {
      for (TileRef t : e.tiles()) {
        add(q, "CORE " + t + " " + ch.direction() + ch.index());
      }
    } else {
      add(q, ch.toString());
    }
  }

  private static void add(List<String> q, String key) {
    if (!q.contains(key)) {
      q.add(key);
    }
  }

  private List<String> instances(Instruction i, List<TileRef> cores) {
    boolean usesLocks = !i.acquire().isEmpty() || !i.release().isEmpty();
    if (usesLocks && cores.isEmpty()) {
      throw Failure.at(l, i, "core locks on an instruction that touches no core");
    }
    return cores.stream().map(TileRef::toString).toList();
  }

  private void defined(Instruction i, LockOp op) {
    LockDef d = l.lock(op.lock());
    if (d == null) {
      throw Failure.at(l, i, "lock " + op.lock() + " is not defined in the layer");
    }
    if (d.scope() != LockDef.Scope.CORE) {
      throw Failure.at(l, i, "lock " + op.lock() + ": only CORE-scoped locks are checked by this verifier");
    }
  }
}
