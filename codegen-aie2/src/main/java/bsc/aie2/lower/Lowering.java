package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.CompileSettings;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.LockDef;
import bsc.aie2.program.Program;
import bsc.ir.BscException;
import bsc.ir.Graph;
import java.util.ArrayList;
import java.util.List;

/**
 * The AIE2 lowering, in order: schedule the layers, decide in-place storage, plan each layer's core split (on
 * fewer cores of each column when all of them would not fit the memtile, CoreCount), allocate memtile residency
 * over the schedule, plan passes (and choose each conv's input-channel chunking for the scratch it got,
 * CinChoice), lay out DDR and weights, emit each layer's instructions. Pure: graph + target + options in,
 * {@link Lowered} out.
 */
public final class Lowering {
  /** A layer's smallest working set may take at most 1/4 of the memtile. */
  private static final int MAX_MIN_SCRATCH_SHARE = 4;
  private final Aie2Target t;
  private final LowerOptions o;

  private Lowering(Aie2Target t, LowerOptions o) {
    this.t = t;
    this.o = o;
  }

  public static Lowered lower(Graph canonical, Aie2Target t, LowerOptions o, WeightSource ws) {
    return new Lowering(t, o).run(canonical, ws);
  }

  private Lowered run(Graph g, WeightSource ws) {
    Storages st = Storages.plan(Scheduler.schedule(g, ws, o.excludeClassifier()));
    List<Layer> layers = st.schedule().layers();
    int n = layers.size();
    CorePlan[] plans = new CorePlan[n];
    ChunkSizes[] sizes = new ChunkSizes[n];
    long[] minScratch = new long[n];
    CorePlanner planner = new CorePlanner(t, o.compaction());
    PassPlanner passes = new PassPlanner(t);
    CoreCount cores = new CoreCount(t, (layer, ci, perColumn) -> planLayer(layer, planner, passes, ci, perColumn));
    for (Layer l : layers) {
      if (l.kind().movesData()) {
        Planned c = cores.choose(l);
        plans[l.index()] = c.plan();
        sizes[l.index()] = c.sizes();
        minScratch[l.index()] = c.minScratch();
      }
    }
    MemtilePlanner.Plan mem = new MemtilePlanner(t).plan(st, minScratch);
    PassPlan[] pp = passPlans(st, mem, planner, passes, plans, sizes);
    WeightLayout[] wl = new WeightLayout[n];
    for (Layer l : layers) {
      int i = l.index();
      wl[i] = plans[i] != null && l.kind().hasWeights() ? new WeightLayout(plans[i], sizes[i], pp[i], t) : null;
    }
    DdrLayout ddr = new DdrLayout(st, mem, wl, t);
    CoreBuffers core = coreBuffers();
    List<LayerProgram> programs = new ArrayList<>();
    List<Lowered.LayerWeights> weights = new ArrayList<>();
    for (Layer l : layers) {
      int i = l.index();
      if (plans[i] == null) {
        programs.add(new LayerProgram(i, l.name(), l.op(), l.inputs(), l.output(),
            Reports.noData(l, l.kind() == LayerKind.CONCAT ? "in place" : "alias"), List.of(), List.of(), List.of()));
        continue;
      }
      programs.add(emit(l, plans[i], pp[i], sizes[i], wl[i], st, mem, ddr, core));
      if (wl[i] != null) {
        weights.add(new Lowered.LayerWeights(l, plans[i], sizes[i], wl[i], ddr.weightOffset(i)));
      }
    }
    CompileSettings settings = new CompileSettings(o.block(), o.sparsity(), o.compaction(), o.excludeClassifier(),
        layers.stream().anyMatch(l -> l.weights() != null && l.weights().timingOnly()), ddr.weightsBytes());
    Program p = new Program(Program.FORMAT, st.schedule().model(), settings, t, core, ddr.buffers(),
        ddr.homes(st.schedule()), programs);
    return new Lowered(p, weights);
  }

  /**
   * Every layer's pass plan for the scratch the memory plan left it; a conv's input-channel chunking is chosen
   * here (CinChoice), replacing its fewest-chunks core plan and chunk sizes when another estimates faster.
   */
  private PassPlan[] passPlans(Storages st, MemtilePlanner.Plan mem, CorePlanner planner, PassPlanner passes,
      CorePlan[] plans, ChunkSizes[] sizes) {
    PassPlan[] pp = new PassPlan[plans.length];
    CinChoice cin = new CinChoice(t, passes,
        (layer, ci) -> planLayer(layer, planner, passes, ci, plans[layer.index()].coresPerColumn()));
    for (Layer l : st.schedule().layers()) {
      int i = l.index();
      if (plans[i] == null) {
        continue;
      }
      pp[i] = passPlan(l, st, mem, passes, plans[i], sizes[i]);
      if (l.kind() == LayerKind.CONV) {
        CinChoice.Choice c = cin.best(l, plans[i], sizes[i], pp[i], mem.scratch(i), staged(l, st, mem),
            stagedOutput(l, st, mem));
        plans[i] = c.plan();
        sizes[i] = c.sizes();
        pp[i] = c.passes();
      }
    }
    return pp;
  }

  /** A layer's core plan, its chunk sizes and the smallest memtile working set of any pass plan of it. */
  record Planned(CorePlan plan, ChunkSizes sizes, long minScratch) {}

  /**
   * The layer's core plan on the first {@code coresPerColumn} cores of every column with at least
   * {@code minCiChunks} input-channel chunks, with fewer rows per iteration
   * when one row tile's staged working set would take more than {@link #MAX_MIN_SCRATCH_SHARE} of the memtile
   * (it would crowd out resident tensors). With more than one chunk asked for, null when no sub-volume fits.
   */
  Planned planLayer(Layer l, CorePlanner planner, PassPlanner passes, int minCiChunks, int coresPerColumn) {
    int cap = l.out().h();
    while (true) {
      CorePlan p = minCiChunks > 1 ? planner.planOrNull(l, cap, minCiChunks, coresPerColumn)
          : planner.plan(l, cap, minCiChunks, coresPerColumn);
      if (p == null) {
        return null;
      }
      ChunkSizes cs = new ChunkSizes(p, planner.stats(l));
      long min = passes.minimumScratch(p, cs);
      int rows = p.rowsPerTile();
      if (rows == 1 || min * MAX_MIN_SCRATCH_SHARE <= t.memtileBytesPerColumn()) {
        return new Planned(p, cs, min);
      }
      cap = rows / 2;
    }
  }

  private static boolean[] staged(Layer l, Storages st, MemtilePlanner.Plan mem) {
    boolean[] staged = new boolean[l.inputs().size()];
    for (int i = 0; i < staged.length; i++) {
      staged[i] = !mem.resident(st.storageOf(l.inputs().get(i)));
    }
    return staged;
  }

  private static boolean stagedOutput(Layer l, Storages st, MemtilePlanner.Plan mem) {
    return !mem.resident(st.storageOf(l.output()));
  }

  private PassPlan passPlan(Layer l, Storages st, MemtilePlanner.Plan mem, PassPlanner passes, CorePlan p,
      ChunkSizes cs) {
    PassPlan pp = passes.plan(p, cs, mem.scratch(l.index()), staged(l, st, mem), stagedOutput(l, st, mem));
    if (pp == null) {
      throw new BscException("layer " + l.name(), "no pass plan fits the " + mem.scratch(l.index())
          + " bytes of memtile left by the live tensors");
    }
    return pp;
  }

  private LayerProgram emit(Layer l, CorePlan p, PassPlan pp, ChunkSizes cs, WeightLayout wl, Storages st,
      MemtilePlanner.Plan mem, DdrLayout ddr, CoreBuffers core) {
    LayerContext c = new LayerContext(t, core, l, p, pp, cs, wl);
    TensorView[] inputs = new TensorView[l.inputs().size()];
    boolean resident = mem.resident(st.storageOf(l.output()));
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = ddr.view(l.inputs().get(i));
      resident &= mem.resident(st.storageOf(l.inputs().get(i)));
    }
    long weightsDdr = wl == null ? 0 : ddr.weightsBase() + ddr.weightOffset(l.index());
    new LayerEmitter(c, inputs, ddr.view(l.output()), weightsDdr, mem.scratchBase()[l.index()]).emit();
    List<Instruction> instructions = c.drafts.stream().map(Draft::build).toList();
    List<LockDef> locks = c.locks.stream().map(id -> Locks.def(id, t.core().inputSlots(), t.core().outputSlots()))
        .toList();
    return new LayerProgram(l.index(), l.name(), l.op(), l.inputs(), l.output(), Reports.of(l, p, pp, cs, resident),
        c.buffers, locks, instructions);
  }

  private CoreBuffers coreBuffers() {
    Aie2Target.Core k = t.core();
    long at = 0;
    Buffer misc = new Buffer(CoreBuffers.MISC, bsc.aie2.program.Level.CORE, at, k.miscBytes(), 1, "kernel arguments");
    at += k.miscBytes();
    Buffer in = new Buffer(CoreBuffers.INPUT, bsc.aie2.program.Level.CORE, at, k.inputSlotBytes(), k.inputSlots(),
        "input ping/pong");
    at += (long) k.inputSlotBytes() * k.inputSlots();
    Buffer out = new Buffer(CoreBuffers.OUTPUT, bsc.aie2.program.Level.CORE, at, k.outputSlotBytes(), k.outputSlots(),
        "output ping/pong (INT8 tiles or INT32 partial sums)");
    at += (long) k.outputSlotBytes() * k.outputSlots();
    Buffer w = new Buffer(CoreBuffers.WEIGHTS, bsc.aie2.program.Level.CORE, at, k.weightBytes(), 1, "weight chunk");
    Buffer in2 = new Buffer(CoreBuffers.INPUT2, bsc.aie2.program.Level.CORE, at, k.weightBytes() / 2, 2,
        "second element-wise operand (overlays the weights)");
    at += k.weightBytes();
    Buffer scratch = new Buffer(CoreBuffers.SCRATCH, bsc.aie2.program.Level.CORE, at, k.scratchBytes(), 1,
        "kernel scratch and stack");
    return new CoreBuffers(misc, in, out, w, in2, scratch);
  }
}
