package bsc.tests.aie2;

import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Channel;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Dim;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.KernelCall;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays one layer of a program byte by byte, independently of the lowering: the layer's input tensors are
 * placed at their homes (TensorHome addresses), weights.bin at {@code ddr.weights}, then every instruction
 * entry runs iteration by iteration in an order its queues, {@code after} lists and locks allow
 * (docs/PROGRAM.md section 4), moving bytes through the access patterns (zero padding included). A kernel
 * call does not compute: it records its input tile, second input and weight chunk as the cores hold them,
 * and writes provenance tags into its output tile, which WRITEFM and WRITE carry to the output tensor. So
 * each output element ends up naming the call and tile position that produced it, and the real sub-volume of
 * every call is what the program's own DMA put into the core.
 */
final class LayerReplay {
  /** A cell never written. */
  static final int UNSET = Integer.MIN_VALUE;
  /** Output tags: TAG_BASE + call * TAG_STRIDE + byte offset in the output tile. */
  private static final int TAG_BASE = 1 << 20;
  private static final int TAG_STRIDE = 1 << 16;

  /** One kernel call as the core saw it. */
  record Call(int index, TileRef core, int instruction, int iteration, KernelCall call, byte[] input, byte[] input2,
      byte[] weights, Origin[] partialSums) {}

  /** Where an output element came from. */
  record Origin(int call, int offset) {}

  private final Program p;
  private final LayerProgram l;
  private final int[] ddr;
  private final int[][] memtiles;
  private final int[][][] cores;
  private final List<Call> calls = new ArrayList<>();

  LayerReplay(Program p, LayerProgram l, byte[] weightsBin) {
    this.p = p;
    this.l = l;
    long ddrEnd = 0;
    for (Buffer b : p.ddr()) {
      ddrEnd = Math.max(ddrEnd, b.endBytes());
    }
    this.ddr = filled(Math.toIntExact(ddrEnd));
    int columns = p.target().columns();
    this.memtiles = new int[columns][];
    for (int c = 0; c < columns; c++) {
      memtiles[c] = filled(Math.toIntExact(p.target().memtileBytesPerColumn()));
    }
    this.cores = new int[columns][p.target().rows()][];
    for (int c = 0; c < columns; c++) {
      for (int r = 0; r < p.target().rows(); r++) {
        cores[c][r] = filled(p.target().core().dataMemoryBytes());
      }
    }
    Buffer w = p.ddrBuffer("ddr.weights");
    for (int i = 0; i < weightsBin.length; i++) {
      ddr[Math.toIntExact(w.offsetBytes()) + i] = weightsBin[i];
    }
  }

  private static int[] filled(int n) {
    int[] a = new int[n];
    Arrays.fill(a, UNSET);
    return a;
  }

  /** Writes tensor {@code name} (int8, NCHW with batch 1, as the INT8 executor returns it) at its home. */
  void place(String name, byte[] nchw) {
    TensorHome t = p.tensor(name);
    int hw = t.height() * t.width();
    for (int c = 0; c < t.channels(); c++) {
      for (int y = 0; y < t.height(); y++) {
        for (int x = 0; x < t.width(); x++) {
          int[] m = memoryOf(t, x);
          m[address(t, y, x, c)] = nchw[c * hw + y * t.width() + x];
        }
      }
    }
  }

  /** Runs every instruction of the layer; returns the recorded kernel calls in the order they ran. */
  List<Call> run() {
    new Schedule(l, this::step).run();
    return calls;
  }

  /** For every element (NCHW order) of tensor {@code name}, the call and offset that wrote it. */
  Origin[] origins(String name) {
    TensorHome t = p.tensor(name);
    int hw = t.height() * t.width();
    Origin[] out = new Origin[t.channels() * hw];
    for (int c = 0; c < t.channels(); c++) {
      for (int y = 0; y < t.height(); y++) {
        for (int x = 0; x < t.width(); x++) {
          out[c * hw + y * t.width() + x] = origin(memoryOf(t, x)[address(t, y, x, c)],
              "output " + name + " (" + y + ", " + x + ", " + c + ")");
        }
      }
    }
    return out;
  }

  private Origin origin(int v, String what) {
    if (v < TAG_BASE) {
      throw new AssertionError("layer " + l.name() + ": " + what + " was not written by a kernel call (cell "
          + (v == UNSET ? "never written" : "= " + v) + ")");
    }
    return new Origin((v - TAG_BASE) / TAG_STRIDE, (v - TAG_BASE) % TAG_STRIDE);
  }

  private int[] memoryOf(TensorHome t, int x) {
    TensorSlice s = t.sliceAt(x);
    return t.level() == Level.DDR ? ddr : memtiles[s.column()];
  }

  private static int address(TensorHome t, int y, int x, int c) {
    TensorSlice s = t.sliceAt(x);
    return Math.toIntExact(s.baseOffsetBytes() + y * s.rowStrideBytes() + (x - s.x0()) * t.pixelStrideBytes()
        + t.channelOffsetBytes() + (long) c * t.elementBytes());
  }

  private void step(Instruction i, Object entry, int k) {
    if (entry instanceof Transfer t) {
      for (Transfer.Segment s : t.segments()) {
        int[] stream = read(s.src(), k);
        for (TileRef tile : s.dst().tiles().isEmpty() ? List.of(TileRef.memtile(-1)) : s.dst().tiles()) {
          write(s.dst(), tile, k, stream);
        }
      }
    } else {
      compute(i, (Compute) entry, k);
    }
  }

  private void compute(Instruction i, Compute c, int k) {
    KernelCall call = c.call();
    int[] mem = cores[c.core().column()][c.core().row()];
    int in = slotBase(call.input(), call.inputSlot0() + k);
    byte[] input = bytes(mem, in, call.inRows() * call.inCols() * call.inChannels(), c, "input tile");
    byte[] input2 = new byte[0];
    if (!call.input2().isEmpty()) {
      input2 = bytes(mem, slotBase(call.input2(), call.input2Slot0() + k), input.length, c, "second input tile");
    }
    byte[] weights = bytes(mem, Math.toIntExact(p.coreBuffers().weights().offsetBytes() + call.weightOffsetBytes()),
        Math.toIntExact(call.weightBytes()), c, "weight chunk");
    int index = calls.size();
    int out = slotBase(call.output(), call.outputSlot0() + k);
    Origin[] psums = null;
    if (call.accumulate()) {
      psums = new Origin[call.outRows() * call.outCols() * call.outChannels() * Integer.BYTES];
      for (int b = 0; b < psums.length; b++) {
        psums[b] = origin(mem[out + b], "core " + c.core() + " partial sum byte " + b);
      }
    }
    calls.add(new Call(index, c.core(), i.id(), k, call, input, input2, weights, psums));
    int outBytes = call.outRows() * call.outCols() * call.outChannels() * (call.requantize() ? 1 : Integer.BYTES);
    for (int b = 0; b < outBytes; b++) {
      mem[out + b] = TAG_BASE + index * TAG_STRIDE + b;
    }
  }

  private byte[] bytes(int[] mem, int at, int n, Compute c, String what) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      int v = mem[at + i];
      if (v == UNSET || v >= TAG_BASE) {
        throw new AssertionError("layer " + l.name() + ": core " + c.core() + " " + what + " byte " + i
            + (v == UNSET ? " was never written" : " holds an output tag, not data"));
      }
      b[i] = (byte) v;
    }
    return b;
  }

  private int slotBase(String coreBuffer, int slot) {
    Buffer b = p.coreBuffers().byId(coreBuffer);
    return Math.toIntExact(b.offsetBytes() + (long) (slot % b.slots()) * b.slotBytes());
  }

  private int[] memory(Endpoint e, TileRef tile) {
    return switch (e.level()) {
      case DDR -> ddr;
      case MEMTILE -> memtiles[tile.column()];
      case CORE -> cores[tile.column()][tile.row()];
    };
  }

  private long base(Endpoint e, int k) {
    long at = e.pattern().offsetBytes() + k * e.iterationStepBytes();
    if (e.level() == Level.CORE) {
      at += slotBase(e.buffer(), e.slot0() + k);
    }
    return at;
  }

  private int[] read(Endpoint e, int k) {
    AccessPattern pt = e.pattern();
    int[] mem = memory(e, e.tiles().isEmpty() ? null : e.tiles().get(0));
    int[] out = new int[Math.toIntExact(pt.streamBytes())];
    walk(pt, base(e, k), true, (at, pos) -> out[pos] = at < 0 ? 0 : mem[Math.toIntExact(at)]);
    return out;
  }

  private void write(Endpoint e, TileRef tile, int k, int[] stream) {
    int[] mem = memory(e, tile);
    walk(e.pattern(), base(e, k), false, (at, pos) -> mem[Math.toIntExact(at)] = stream[pos]);
  }

  private interface Visit {
    void at(long address, int position);
  }

  /** Visits the pattern's stream positions in order; address -1 for zero padding. */
  private static void walk(AccessPattern pt, long base, boolean padded, Visit v) {
    List<Dim> dims = pt.dims();
    int n = dims.size();
    int[] idx = new int[n];
    for (int d = 0; d < n; d++) {
      idx[d] = padded ? -dims.get(d).padBefore() : 0;
    }
    long total = pt.streamBytes();
    for (int pos = 0; pos < total; pos++) {
      long at = base;
      boolean pad = false;
      for (int d = 0; d < n; d++) {
        pad |= idx[d] < 0 || idx[d] >= dims.get(d).size();
        at += idx[d] * dims.get(d).strideBytes();
      }
      v.at(pad ? -1 : at, pos);
      for (int d = 0; d < n; d++) {
        Dim dim = dims.get(d);
        int end = padded ? dim.size() + dim.padAfter() : dim.size();
        if (++idx[d] < end) {
          break;
        }
        idx[d] = padded ? -dim.padBefore() : 0;
      }
    }
  }

  /**
   * The untimed order of docs/PROGRAM.md section 4: an entry runs its next iteration when its instruction's
   * {@code after} list is done, it heads all its queues (DMA channels, cores) and its lock acquires succeed.
   */
  private static final class Schedule {
    interface Step {
      void run(Instruction i, Object entry, int iteration);
    }

    private record Entry(Instruction instr, Object what, List<String> queues, List<String> cores, int[] done) {}

    private final LayerProgram l;
    private final Step step;
    private final List<List<Entry>> entries = new ArrayList<>();
    private final Map<String, List<Integer>> queueOrder = new HashMap<>();
    private final Map<String, Integer> queueHead = new HashMap<>();
    private final Map<String, Integer> pending = new HashMap<>();
    private final Map<String, Integer> locks = new HashMap<>();

    Schedule(LayerProgram l, Step step) {
      this.l = l;
      this.step = step;
      for (Instruction i : l.instructions()) {
        List<Entry> es = new ArrayList<>();
        for (Transfer t : i.transfers()) {
          List<String> q = new ArrayList<>();
          for (Transfer.Segment s : t.segments()) {
            queue(q, s.src(), s.src().channel(), true);
            queue(q, s.dst(), s.dst().channel(), false);
          }
          Transfer.Segment s0 = t.segments().get(0);
          List<TileRef> cores = s0.dst().level() == Level.CORE ? s0.dst().tiles()
              : s0.src().level() == Level.CORE ? s0.src().tiles() : List.of();
          es.add(new Entry(i, t, q, cores.stream().map(TileRef::toString).toList(), new int[1]));
        }
        for (Compute c : i.computes()) {
          es.add(new Entry(i, c, List.of("core " + c.core()), List.of(c.core().toString()), new int[1]));
        }
        for (Entry e : es) {
          for (String q : e.queues) {
            List<Integer> order = queueOrder.computeIfAbsent(q, k -> new ArrayList<>());
            if (order.isEmpty() || order.get(order.size() - 1) != i.id()) {
              order.add(i.id());
            }
            pending.merge(q + "#" + i.id(), 1, Integer::sum);
          }
        }
        entries.add(es);
      }
    }

    private static void queue(List<String> q, Endpoint e, Channel ch, boolean source) {
      if (e.level() == Level.CORE && !source) {
        for (TileRef t : e.tiles()) {
          String key = "CORE " + t + " " + ch.direction() + ch.index();
          if (!q.contains(key)) {
            q.add(key);
          }
        }
      } else if (!q.contains(ch.toString())) {
        q.add(ch.toString());
      }
    }

    void run() {
      boolean progress = true;
      while (progress) {
        progress = false;
        for (List<Entry> es : entries) {
          for (Entry e : es) {
            progress |= advance(e);
          }
        }
      }
      for (List<Entry> es : entries) {
        for (Entry e : es) {
          if (e.done[0] != e.instr.iterations()) {
            throw new AssertionError("layer " + l.name() + ": instruction " + e.instr.id() + " " + e.instr.kind()
                + " stuck at iteration " + e.done[0] + " of " + e.instr.iterations());
          }
        }
      }
    }

    private boolean advance(Entry e) {
      int k = e.done[0];
      if (k == e.instr.iterations() || !afterDone(e.instr) || !atHead(e) || !acquirable(e, k)) {
        return false;
      }
      apply(e, e.instr.acquire(), k, -1);
      step.run(e.instr, e.what, k);
      apply(e, e.instr.release(), k, 1);
      e.done[0]++;
      if (e.done[0] == e.instr.iterations()) {
        for (String q : e.queues) {
          if (pending.merge(q + "#" + e.instr.id(), -1, Integer::sum) == 0) {
            queueHead.merge(q, 1, Integer::sum);
          }
        }
      }
      return true;
    }

    private boolean afterDone(Instruction i) {
      for (int a : i.after()) {
        for (Entry e : entries.get(a)) {
          if (e.done[0] != e.instr.iterations()) {
            return false;
          }
        }
      }
      return true;
    }

    private boolean atHead(Entry e) {
      for (String q : e.queues) {
        if (queueOrder.get(q).get(queueHead.getOrDefault(q, 0)) != e.instr.id()) {
          return false;
        }
      }
      return true;
    }

    private boolean acquirable(Entry e, int k) {
      for (LockOp op : e.instr.acquire()) {
        if (op.appliesTo(k, e.instr.iterations())) {
          for (String core : e.cores) {
            if (value(op.lock(), core) < op.value()) {
              return false;
            }
          }
        }
      }
      return true;
    }

    private void apply(Entry e, List<LockOp> ops, int k, int sign) {
      for (LockOp op : ops) {
        if (op.appliesTo(k, e.instr.iterations())) {
          for (String core : e.cores) {
            locks.put(op.lock() + "@" + core, value(op.lock(), core) + sign * op.value());
          }
        }
      }
    }

    private int value(String lock, String core) {
      return locks.getOrDefault(lock + "@" + core, l.lock(lock).init());
    }
  }
}
