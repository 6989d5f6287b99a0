package bsc.sim.timing;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Channel;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import bsc.ir.BscException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compiles a {@link LayerProgram} into a {@link LayerPlan}: queues, lock instances and step costs. */
final class LayerPlanBuilder {
  /** Entries per layer fit the engine's event key (entry index in the low bits). */
  static final int MAX_ENTRIES = 1 << EventEngine.ENTRY_BITS;

  private final Program program;
  private final Aie2Target target;
  private final StepCosts costs;
  private final TimingConstants constants;
  private final LayerProgram layer;
  private final String where;
  private final QueueSpace space;
  private final int[] queueOfCode;
  private final IntList codeOfQueue = new IntList();
  private final List<IntList> queueEntries = new ArrayList<>();
  private final IntList scratch = new IntList();
  private final LayerStatics.Accumulator statics;
  private final Map<String, Integer> lockBase = new HashMap<>();
  private final IntList lockInit = new IntList();
  private final List<String> lockNames = new ArrayList<>();
  private final IntList[] entryArrays = {new IntList(), new IntList(), new IntList()};
  private final LongList entryCycles = new LongList();
  private final IntList entryQueueStart = new IntList();
  private final IntList instructionEntryStart = new IntList();
  private final IntList entryQueues = new IntList();
  private final OpBuilder acquires = new OpBuilder();
  private final OpBuilder releases = new OpBuilder();

  private LayerPlanBuilder(Program program, StepCosts costs, TimingConstants constants, LayerProgram layer) {
    this.program = program;
    this.target = program.target();
    this.costs = costs;
    this.constants = constants;
    this.layer = layer;
    this.where = "layer " + layer.index() + " '" + layer.name() + "'";
    this.space = new QueueSpace(target);
    this.queueOfCode = new int[space.size()];
    java.util.Arrays.fill(queueOfCode, -1);
    this.statics = new LayerStatics.Accumulator(space.size(), target.cores());
  }

  static LayerPlan build(Program program, StepCosts costs, TimingConstants constants, LayerProgram layer) {
    return new LayerPlanBuilder(program, costs, constants, layer).build();
  }

  private LayerPlan build() {
    defineLocks();
    List<Instruction> instructions = new ArrayList<>(layer.instructions());
    instructions.sort(Comparator.comparingInt(Instruction::id));
    for (int i = 0; i < instructions.size(); i++) {
      addInstruction(i, instructions.get(i));
    }
    if (entryCycles.size() >= MAX_ENTRIES) {
      throw new BscException(where, entryCycles.size() + " instruction entries, more than the simulator's "
          + MAX_ENTRIES);
    }
    entryQueueStart.add(entryQueues.size());
    long[] cycles = entryCycles.toArray();
    int[][] entries = {entryArrays[0].toArray(), entryArrays[1].toArray(), entryArrays[2].toArray()};
    String[] names = new String[codeOfQueue.size()];
    LayerPlan.QueueKind[] kinds = new LayerPlan.QueueKind[names.length];
    for (int q = 0; q < names.length; q++) {
      names[q] = space.name(codeOfQueue.get(q));
      kinds[q] = space.kind(codeOfQueue.get(q));
    }
    return new LayerPlan(layer, List.copyOf(instructions), entries, cycles, entryQueueStart.toArray(),
        entryQueues.toArray(), acquires.table(), releases.table(), names, kinds, queueArrays(),
        dependencies(instructions), lockInit.toArray(), lockNames.toArray(new String[0]), statics.finish(constants));
  }

  private void defineLocks() {
    for (LockDef def : layer.locks()) {
      if (lockBase.containsKey(def.id())) {
        throw new BscException(where, "lock '" + def.id() + "' is defined twice");
      }
      lockBase.put(def.id(), lockInit.size());
      int instances = switch (def.scope()) {
        case CORE -> target.cores();
        case MEMTILE -> target.columns();
        case ARRAY -> 1;
      };
      for (int i = 0; i < instances; i++) {
        lockInit.add(def.init());
        lockNames.add(def.id() + "@" + instanceName(def.scope(), i));
      }
    }
  }

  private String instanceName(LockDef.Scope scope, int i) {
    return switch (scope) {
      case CORE -> new TileRef(i % target.columns(), i / target.columns()).toString();
      case MEMTILE -> "mt" + i;
      case ARRAY -> "array";
    };
  }

  private void addInstruction(int index, Instruction in) {
    if (in.iterations() < 1) {
      throw new BscException(at(in), "iterations must be at least 1, got " + in.iterations());
    }
    instructionEntryStart.add(entryCycles.size());
    int entry = 0;
    int category = LayerStatics.category(in.kind());
    for (Transfer t : in.transfers()) {
      transferQueues(in, t, category);
      addEntry(index, entry++, in, costs.transferCycles(t));
      resolveLocks(in, t, null);
    }
    for (Compute c : in.computes()) {
      scratch.clear();
      int core = space.core(c.core().column(), c.core().row(), () -> at(in));
      scratch.add(queue(space.compute(c.core(), () -> at(in))));
      statics.compute(core, StepCosts.performedMacs(program, c) * in.iterations());
      addEntry(index, entry++, in, costs.computeCycles(c));
      resolveLocks(in, null, c);
    }
  }

  /** Adds an entry on the queues collected in {@code scratch}. */
  private void addEntry(int instruction, int entryIndex, Instruction in, long cycles) {
    int e = entryCycles.size();
    entryArrays[0].add(instruction);
    entryArrays[1].add(entryIndex);
    entryArrays[2].add(in.iterations());
    entryCycles.add(cycles);
    entryQueueStart.add(entryQueues.size());
    for (int i = 0; i < scratch.size(); i++) {
      int q = scratch.get(i);
      entryQueues.add(q);
      queueEntries.get(q).add(e);
    }
  }

  /**
   * Collects in {@code scratch} the queues a transfer occupies: every segment's source channel and destination
   * channel(s), and adds each segment's bytes to the statics of those channels.
   */
  private void transferQueues(Instruction in, Transfer t, int category) {
    if (t.segments().isEmpty()) {
      throw new BscException(at(in), "a transfer needs at least one segment");
    }
    scratch.clear();
    for (Transfer.Segment s : t.segments()) {
      if (s.src().channel() == null || s.dst().channel() == null) {
        throw new BscException(at(in), "a transfer segment needs a source and a destination channel");
      }
      long bytes = s.src().pattern().streamBytes() * in.iterations();
      int src = space.channel(s.src().channel(), () -> at(in));
      addOnce(queue(src));
      statics.channel(category, src, bytes);
      if (s.dst().level() == Level.CORE) {
        Channel c = s.dst().channel();
        for (TileRef tile : s.dst().tiles()) {
          int dst = space.channel(new Channel(Channel.TileKind.CORE, tile.column(), tile.row(), c.direction(),
              c.index()), () -> at(in));
          addOnce(queue(dst));
          statics.channel(category, dst, bytes);
        }
      } else {
        int dst = space.channel(s.dst().channel(), () -> at(in));
        addOnce(queue(dst));
        statics.channel(category, dst, bytes);
      }
      statics.levels(s.src().level(), s.dst().level(), bytes, s.dst().tiles().size());
    }
  }

  private void addOnce(int q) {
    for (int i = 0; i < scratch.size(); i++) {
      if (scratch.get(i) == q) {
        return;
      }
    }
    scratch.add(q);
  }

  private int queue(int code) {
    int id = queueOfCode[code];
    if (id < 0) {
      id = codeOfQueue.size();
      queueOfCode[code] = id;
      codeOfQueue.add(code);
      queueEntries.add(new IntList(4));
    }
    return id;
  }

  private void resolveLocks(Instruction in, Transfer t, Compute c) {
    acquires.begin();
    releases.begin();
    for (LockOp op : in.acquire()) {
      addOp(acquires, in, op, t, c);
    }
    for (LockOp op : in.release()) {
      addOp(releases, in, op, t, c);
    }
  }

  private void addOp(OpBuilder ops, Instruction in, LockOp op, Transfer t, Compute c) {
    LockDef def = layer.lock(op.lock());
    if (def == null) {
      throw new BscException(at(in), "unknown lock '" + op.lock() + "'");
    }
    if (op.value() < 0) {
      throw new BscException(at(in), "lock '" + op.lock() + "' used with negative value " + op.value());
    }
    int base = lockBase.get(def.id());
    byte when = switch (op.when()) {
      case FIRST -> LayerPlan.FIRST;
      case EACH -> LayerPlan.EACH;
      case LAST -> LayerPlan.LAST;
    };
    for (int instance : LockInstances.of(def, t, c, target, () -> at(in))) {
      ops.add(base + instance, op.value(), when);
    }
  }

  private String at(Instruction in) {
    return where + ": instruction " + in.id() + " " + in.kind();
  }

  /**
   * The instructions' {@code after} dependencies: {entry start per instruction, pending count per instruction,
   * dependents start per instruction, dependents}. An id must name an earlier instruction of the layer.
   */
  private int[][] dependencies(List<Instruction> instructions) {
    instructionEntryStart.add(entryCycles.size());
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < instructions.size(); i++) {
      index.put(instructions.get(i).id(), i);
    }
    int n = instructions.size();
    int[] pending = new int[n];
    List<IntList> dependents = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      dependents.add(new IntList(2));
    }
    for (int j = 0; j < n; j++) {
      Instruction in = instructions.get(j);
      for (int id : new java.util.TreeSet<>(in.after())) {
        Integer i = index.get(id);
        if (i == null || i >= j) {
          throw new BscException(at(in), "'after' names " + id + ", not an earlier instruction of the layer");
        }
        dependents.get(i).add(j);
        pending[j]++;
      }
    }
    IntList start = new IntList();
    IntList flat = new IntList();
    for (IntList d : dependents) {
      start.add(flat.size());
      for (int k = 0; k < d.size(); k++) {
        flat.add(d.get(k));
      }
    }
    start.add(flat.size());
    return new int[][] {instructionEntryStart.toArray(), pending, start.toArray(), flat.toArray()};
  }

  /**
   * Per queue, its segments (the entries of one instruction on it, in instruction order), in CSR form:
   * {segment start per queue, entry start per segment, entries, instruction per segment}.
   */
  private int[][] queueArrays() {
    IntList queueStart = new IntList();
    IntList entryStart = new IntList();
    IntList entries = new IntList();
    IntList instruction = new IntList();
    for (IntList q : queueEntries) {
      queueStart.add(instruction.size());
      for (int i = 0; i < q.size(); i++) {
        int e = q.get(i);
        int in = entryArrays[0].get(e);
        if (i == 0 || in != instruction.get(instruction.size() - 1)) {
          entryStart.add(entries.size());
          instruction.add(in);
        }
        entries.add(e);
      }
    }
    queueStart.add(instruction.size());
    entryStart.add(entries.size());
    return new int[][] {queueStart.toArray(), entryStart.toArray(), entries.toArray(), instruction.toArray()};
  }

  /** Lock ops of all entries, in CSR form. */
  private static final class OpBuilder {
    private final IntList start = new IntList();
    private final IntList lock = new IntList();
    private final IntList value = new IntList();
    private final IntList when = new IntList();

    void begin() {
      start.add(lock.size());
    }

    void add(int lockInstance, int v, byte w) {
      lock.add(lockInstance);
      value.add(v);
      when.add(w);
    }

    LayerPlan.OpTable table() {
      start.add(lock.size());
      int[] w = when.toArray();
      byte[] bytes = new byte[w.length];
      for (int i = 0; i < w.length; i++) {
        bytes[i] = (byte) w[i];
      }
      return new LayerPlan.OpTable(start.toArray(), lock.toArray(), value.toArray(), bytes);
    }
  }
}
