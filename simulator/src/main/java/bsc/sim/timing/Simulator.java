package bsc.sim.timing;

import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Timing simulation of a compiled program (DESIGN.md 7, docs/PROGRAM.md). Layers run one after another; within
 * a layer the {@code detailed} model executes the instructions event by event over the target's channels,
 * cores and locks ({@link EventEngine}), the {@code paper} model walks them analytically
 * ({@link PaperEstimator}). Pure library: no files, no printing; the trace comes back as bytes.
 */
public final class Simulator {
  private final Program program;
  private final TimingModel model;
  private final TimingConstants constants;
  private final StepListener listener;
  private final TraceRecorder trace;

  /** A result with its Chrome trace-event JSON. */
  public record Traced(SimulationResult result, byte[] traceJson) {}

  private Simulator(Program program, TimingModel model, TimingConstants constants, StepListener listener,
      boolean trace) {
    this.program = program;
    this.model = model;
    this.constants = constants;
    this.listener = listener;
    this.trace = trace ? new TraceRecorder(constants.clockHz()) : null;
  }

  public static SimulationResult simulate(Program program, TimingModel model) {
    return simulate(program, model, TimingConstants.of(program.target()), null);
  }

  /** With explicit constants (e.g. assumptions zeroed for a sensitivity run) and an optional step listener. */
  public static SimulationResult simulate(Program program, TimingModel model, TimingConstants constants,
      StepListener listener) {
    return new Simulator(program, model, constants, listener, false).run();
  }

  public static Traced simulateWithTrace(Program program, TimingModel model) {
    Simulator s = new Simulator(program, model, TimingConstants.of(program.target()), null, true);
    SimulationResult result = s.run();
    return new Traced(result, s.trace.finish());
  }

  private SimulationResult run() {
    boolean paper = model instanceof TimingModel.Paper;
    StepCosts costs = paper ? StepCosts.paper(program, constants) : StepCosts.detailed(program, constants);
    StepSink sink = paper ? null : sink();
    List<LayerTiming> layers = new ArrayList<>();
    Map<InstructionKind, Long> kinds = new EnumMap<>(InstructionKind.class);
    BytesMoved bytes = BytesMoved.ZERO;
    long cursor = 0;
    long coreBusy = 0;
    long macs = 0;
    for (LayerProgram layer : program.layers()) {
      if (!layers.isEmpty() && !paper) {
        cursor += constants.layerSyncCycles();
      }
      if (listener != null) {
        listener.layerStarted(layer, cursor);
      }
      LayerPlan plan = LayerPlanBuilder.build(program, costs, constants, layer);
      LayerStatics statics = plan.statics;
      Measured m = paper ? paperLayer(plan, cursor) : detailedLayer(plan, sink, cursor);
      if (listener != null) {
        listener.layerFinished(layer, cursor, cursor + m.cycles());
      }
      if (trace != null) {
        trace.layer(layer, cursor, cursor + m.cycles());
      }
      layers.add(new LayerTiming(layer.index(), layer.name(), layer.op(), cursor, m.cycles(), statics.bound(),
          statics.performedMacs(), utilization(statics.performedMacs(), m.cycles()), m.kindCycles()));
      m.kindCycles().forEach((k, v) -> kinds.merge(k, v, Long::sum));
      bytes = bytes.plus(statics.bytes());
      coreBusy += m.coreBusyCycles();
      macs += statics.performedMacs();
      cursor += m.cycles();
    }
    int cores = program.target().cores();
    double busy = cursor == 0 ? 0 : (double) coreBusy / ((double) cores * cursor);
    return new SimulationResult(program.model(), program.target().name(), model.name(), constants.clockHz(), cores,
        cursor, layers, kinds, busy, utilization(macs, cursor), bytes);
  }

  /** One layer's time, per-kind instruction durations and compute-busy cycles of all cores. */
  private record Measured(long cycles, Map<InstructionKind, Long> kindCycles, long coreBusyCycles) {}

  private Measured paperLayer(LayerPlan plan, long start) {
    LayerProgram layer = plan.layer;
    PaperEstimator.Outcome o = PaperEstimator.layer(plan);
    if (trace != null) {
      for (PaperEstimator.Span s : o.timeline()) {
        trace.paperSpan(layer, s, start);
      }
    }
    long busy = 0;
    for (Instruction in : layer.instructions()) {
      if (in.kind() == InstructionKind.COMP) {
        for (var c : in.computes()) {
          busy += KernelCycles.ceilDiv(StepCosts.performedMacs(program, c), constants.macsPerCycle())
              * in.iterations();
        }
      }
    }
    return new Measured(o.cycles(), o.kindCycles(), busy);
  }

  private Measured detailedLayer(LayerPlan plan, StepSink sink, long start) {
    EventEngine.LayerRun run = new EventEngine(plan, sink).run(start);
    Map<InstructionKind, Long> kinds = new EnumMap<>(InstructionKind.class);
    for (int i = 0; i < plan.instructions.size(); i++) {
      if (run.instructionEnd()[i] >= run.instructionStart()[i]) {
        kinds.merge(plan.instructions.get(i).kind(), run.instructionEnd()[i] - run.instructionStart()[i],
            Long::sum);
      }
    }
    long busy = 0;
    for (int q = 0; q < plan.queues; q++) {
      if (plan.queueKind[q] == LayerPlan.QueueKind.CORE) {
        busy += run.queueBusyCycles()[q];
      }
    }
    return new Measured(run.endCycle() - run.startCycle(), kinds, busy);
  }

  /** The engine's sink: the trace and the public listener, whichever are present. */
  private StepSink sink() {
    if (listener == null) {
      return trace;
    }
    StepSink toListener = (plan, entry, iteration, s, e) ->
        listener.stepFinished(plan.layer, plan.instructionOf(entry), plan.entryIndex[entry], iteration, s, e);
    if (trace == null) {
      return toListener;
    }
    return (plan, entry, iteration, s, e) -> {
      trace.step(plan, entry, iteration, s, e);
      toListener.step(plan, entry, iteration, s, e);
    };
  }

  private double utilization(long performedMacs, long cycles) {
    double peak = (double) program.target().cores() * constants.macsPerCycle() * cycles;
    return peak == 0 ? 0 : performedMacs / peak;
  }
}
