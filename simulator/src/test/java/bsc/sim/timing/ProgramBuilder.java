package bsc.sim.timing;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Channel;
import bsc.aie2.program.CompileSettings;
import bsc.aie2.program.Compute;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Group;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.KernelCall;
import bsc.aie2.program.KernelKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.LayerReport;
import bsc.aie2.program.Level;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Program;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built programs for the simulator's tests and validation cases, following docs/PROGRAM.md's channel
 * conventions (section 5): LOAD shim MM2S 0 -> memtile S2MM 0, LOADW shim MM2S 1 -> memtile S2MM 1, WRITE
 * memtile MM2S 4+h -> shim S2MM h, LOADFM memtile MM2S 0 -> core S2MM 0, LOADWM memtile MM2S 1 -> core S2MM 1,
 * WRITEFM core MM2S 0 -> memtile S2MM 2 + row % 4.
 */
final class ProgramBuilder {
  private final Aie2Target target;
  private final boolean compaction;
  private final List<LayerProgram> layers = new ArrayList<>();

  ProgramBuilder(Aie2Target target) {
    this(target, true);
  }

  ProgramBuilder(Aie2Target target, boolean compaction) {
    this.target = target;
    this.compaction = compaction;
  }

  Layer layer(String name, String op) {
    return new Layer(name, op);
  }

  Program build() {
    Aie2Target.Core c = target.core();
    long in = c.miscBytes();
    long out = in + (long) c.inputSlotBytes() * c.inputSlots();
    long w = out + (long) c.outputSlotBytes() * c.outputSlots();
    CoreBuffers buffers = new CoreBuffers(
        new Buffer(CoreBuffers.MISC, Level.CORE, 0, c.miscBytes(), 1, "misc"),
        new Buffer(CoreBuffers.INPUT, Level.CORE, in, c.inputSlotBytes(), c.inputSlots(), "input"),
        new Buffer(CoreBuffers.OUTPUT, Level.CORE, out, c.outputSlotBytes(), c.outputSlots(), "output"),
        new Buffer(CoreBuffers.WEIGHTS, Level.CORE, w, c.weightBytes(), 1, "weights"),
        new Buffer(CoreBuffers.INPUT2, Level.CORE, w, c.weightBytes() / 2, 2, "input2"),
        new Buffer(CoreBuffers.SCRATCH, Level.CORE, w + c.weightBytes(), c.scratchBytes(), 1, "scratch"));
    return new Program(Program.FORMAT, "handmade", new CompileSettings("8x8", compaction ? 0.5 : 0, compaction,
        true, true, 0), target, buffers, List.of(), List.of(), layers);
  }

  /** One layer under construction. */
  final class Layer {
    private final String name;
    private final String op;
    private final List<LockDef> locks = new ArrayList<>();
    private final List<Instruction> instructions = new ArrayList<>();

    private Layer(String name, String op) {
      this.name = name;
      this.op = op;
    }

    Layer lock(String id, LockDef.Scope scope, int init) {
      locks.add(new LockDef(id, scope, init));
      return this;
    }

    Instr instr(InstructionKind kind, Group group, int iterations) {
      return new Instr(this, kind, group, iterations);
    }

    ProgramBuilder done() {
      LayerReport report = new LayerReport("hand", "test", target.columns(), target.cores(), List.of(), List.of(),
          List.of(), 1, 1, "memtile", 0, 0, 0, 0, 0, 0, 0, 1.0);
      layers.add(new LayerProgram(layers.size(), name, op, List.of("x"), name, report, List.of(), locks,
          instructions));
      return ProgramBuilder.this;
    }
  }

  /** One instruction under construction. */
  final class Instr {
    private final Layer layer;
    private final InstructionKind kind;
    private final Group group;
    private final int iterations;
    private final List<Transfer> transfers = new ArrayList<>();
    private final List<Compute> computes = new ArrayList<>();
    private final List<LockOp> acquire = new ArrayList<>();
    private final List<LockOp> release = new ArrayList<>();
    private final List<Integer> after = new ArrayList<>();

    private Instr(Layer layer, InstructionKind kind, Group group, int iterations) {
      this.layer = layer;
      this.kind = kind;
      this.group = group;
      this.iterations = iterations;
    }

    Instr acquire(String lock, int value, LockOp.When when) {
      acquire.add(new LockOp(lock, value, when));
      return this;
    }

    Instr release(String lock, int value, LockOp.When when) {
      release.add(new LockOp(lock, value, when));
      return this;
    }

    Instr after(int... ids) {
      for (int id : ids) {
        after.add(id);
      }
      return this;
    }

    Instr transfer(Transfer t) {
      transfers.add(t);
      return this;
    }

    Instr compute(Compute c) {
      computes.add(c);
      return this;
    }

    Layer done() {
      layer.instructions.add(new Instruction(layer.instructions.size(), kind, group, iterations, transfers,
          computes, acquire, release, after, ""));
      return layer;
    }
  }

  // ---- transfers by the channel conventions ----

  static Transfer load(int column, long bytes) {
    return ddrToMemtile(column, 0, bytes);
  }

  static Transfer loadW(int column, long bytes) {
    return ddrToMemtile(column, 1, bytes);
  }

  static Transfer write(int column, int half, long bytes) {
    return transfer(
        endpoint(Level.MEMTILE, List.of(TileRef.memtile(column)), "mt.out", channel(Channel.TileKind.MEMTILE,
            column, -1, Channel.Direction.MM2S, 4 + half), bytes),
        endpoint(Level.DDR, List.of(), "ddr.output", channel(Channel.TileKind.SHIM, column, -1,
            Channel.Direction.S2MM, half), bytes),
        bytes, Transfer.Broadcast.NONE);
  }

  /** Activations of memtile {@code column} to the listed cores (a column broadcast when more than one). */
  static Transfer loadFm(int column, List<TileRef> cores, long bytes) {
    return memtileToCores(column, 0, cores, bytes, Transfer.Broadcast.COLUMN);
  }

  /** Weights of memtile {@code column} to the listed cores (a row broadcast when more than one). */
  static Transfer loadWm(int column, List<TileRef> cores, long bytes) {
    return memtileToCores(column, 1, cores, bytes, Transfer.Broadcast.ROW);
  }

  static Transfer writeFm(TileRef core, long bytes) {
    return transfer(
        endpoint(Level.CORE, List.of(core), CoreBuffers.OUTPUT, channel(Channel.TileKind.CORE, core.column(),
            core.row(), Channel.Direction.MM2S, 0), bytes),
        endpoint(Level.MEMTILE, List.of(TileRef.memtile(core.column())), "tensor:y",
            channel(Channel.TileKind.MEMTILE, core.column(), -1, Channel.Direction.S2MM, 2 + core.row() % 4), bytes),
        bytes, Transfer.Broadcast.NONE);
  }

  private static Transfer ddrToMemtile(int column, int index, long bytes) {
    return transfer(
        endpoint(Level.DDR, List.of(), "ddr.input", channel(Channel.TileKind.SHIM, column, -1,
            Channel.Direction.MM2S, index), bytes),
        endpoint(Level.MEMTILE, List.of(TileRef.memtile(column)), "mt.in", channel(Channel.TileKind.MEMTILE,
            column, -1, Channel.Direction.S2MM, index), bytes),
        bytes, Transfer.Broadcast.NONE);
  }

  private static Transfer memtileToCores(int column, int index, List<TileRef> cores, long bytes,
      Transfer.Broadcast broadcast) {
    TileRef first = cores.get(0);
    return transfer(
        endpoint(Level.MEMTILE, List.of(TileRef.memtile(column)), "tensor:x", channel(Channel.TileKind.MEMTILE,
            column, -1, Channel.Direction.MM2S, index), bytes),
        endpoint(Level.CORE, cores, index == 0 ? CoreBuffers.INPUT : CoreBuffers.WEIGHTS,
            channel(Channel.TileKind.CORE, first.column(), first.row(), Channel.Direction.S2MM, index), bytes),
        bytes, cores.size() > 1 ? broadcast : Transfer.Broadcast.NONE);
  }

  private static Transfer transfer(Endpoint src, Endpoint dst, long bytes, Transfer.Broadcast broadcast) {
    return new Transfer(List.of(new Transfer.Segment(src, dst)), bytes, broadcast);
  }

  /** The transfer with one more segment reading {@code bytes} from memtile {@code column} (a halo). */
  static Transfer withHalo(Transfer t, int column, long bytes) {
    Transfer.Segment first = t.segments().get(0);
    Endpoint src = first.src();
    Endpoint halo = new Endpoint(src.level(), List.of(TileRef.memtile(column)), src.buffer(), src.slot0(),
        AccessPattern.contiguous(0, bytes), 0, src.channel());
    Endpoint dst = new Endpoint(first.dst().level(), first.dst().tiles(), first.dst().buffer(), first.dst().slot0(),
        AccessPattern.contiguous(t.bytes(), bytes), 0, first.dst().channel());
    List<Transfer.Segment> segments = new ArrayList<>(t.segments());
    segments.add(new Transfer.Segment(halo, dst));
    return new Transfer(segments, t.bytes() + bytes, t.broadcast());
  }

  private static Endpoint endpoint(Level level, List<TileRef> tiles, String buffer, Channel channel, long bytes) {
    return new Endpoint(level, tiles, buffer, 0, AccessPattern.contiguous(0, bytes), 0, channel);
  }

  private static Channel channel(Channel.TileKind tile, int column, int row, Channel.Direction d, int index) {
    return new Channel(tile, column, row, d, index);
  }

  // ---- kernel calls ----

  /** A CONV_BSR call: k x k conv, stride s, with {@code nonzeroBlocks} of the 8x8 blocks kept. */
  static Compute conv(TileRef core, int outRows, int outCols, int outChannels, int inChannels, int k, int stride,
      int nonzeroBlocks) {
    int inRows = (outRows - 1) * stride + k;
    int inCols = (outCols - 1) * stride + k;
    KernelCall call = new KernelCall("conv", KernelKind.CONV_BSR, outRows, outCols, outChannels, inRows, inCols,
        inChannels, k, k, stride, stride, 1, 1, 0, 0, 0, 0, false, CoreBuffers.INPUT, 0, null, 0,
        CoreBuffers.OUTPUT, 0, 0, 0, false, true, "relu", 0, 127, List.of());
    long pixelTaps = (long) outRows * outCols * k * k;
    int denseBlocks = ((outChannels + 7) / 8) * ((inChannels + 7) / 8);
    return new Compute(core, call, pixelTaps * nonzeroBlocks * 64, pixelTaps * denseBlocks * 64, nonzeroBlocks);
  }

  /**
   * One GEMM step as a 1x1 conv call: an m x k tile of A times a dense k x n tile of B into an m x n tile of C,
   * starting from the INT32 partial sums in the output slot ({@code accumulate}) and requantized to INT8 at the
   * last step ({@code requantize}), else left as INT32 partial sums.
   */
  static Compute gemmCall(TileRef core, int m, int n, int k, boolean accumulate, boolean requantize) {
    KernelCall call = new KernelCall("gemm", KernelKind.CONV_BSR, 1, m, n, 1, m, k, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0,
        false, CoreBuffers.INPUT, 0, CoreBuffers.INPUT2, 0, CoreBuffers.OUTPUT, 0, 0, 0, accumulate, requantize,
        "none", -128, 127, List.of());
    long macs = (long) m * n * k;
    return new Compute(core, call, macs, macs, (n / 8) * (k / 8));
  }

  /** An element-wise call on the vector unit ({@code kind} ADD or COPY) over an rows x cols x channels tile. */
  static Compute elementwise(TileRef core, KernelKind kind, int rows, int cols, int channels) {
    KernelCall call = new KernelCall("eltwise", kind, rows, cols, channels, rows, cols, channels, 1, 1, 1, 1, 1,
        1, 0, 0, 0, 0, false, CoreBuffers.INPUT, 0, kind == KernelKind.ADD ? CoreBuffers.INPUT : null, 0,
        CoreBuffers.OUTPUT, 0, 0, 0, false, true, "none", -128, 127, List.of());
    long elements = (long) rows * cols * channels;
    return new Compute(core, call, elements, elements, 0);
  }

  static List<TileRef> column(Aie2Target t, int column) {
    List<TileRef> cores = new ArrayList<>();
    for (int r = 0; r < t.rows(); r++) {
      cores.add(TileRef.core(column, r));
    }
    return cores;
  }

  static List<TileRef> row(Aie2Target t, int row) {
    List<TileRef> cores = new ArrayList<>();
    for (int c = 0; c < t.columns(); c++) {
      cores.add(TileRef.core(c, row));
    }
    return cores;
  }
}
