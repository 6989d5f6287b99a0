package bsc.sim.timing;

import bsc.aie2.program.Group;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authors' analytic time model (paper-facts.md 4.6), walked over the program's own instructions, bytes and
 * iterations:
 *
 * <ul>
 *   <li>one iteration of an instruction takes the time of its busiest resource: entries on one channel or core
 *       add up, separate channels and cores run in parallel; a transfer moves its bytes at 4 bytes per cycle
 *       (4 GB/s at 1 GHz) and a DDR transfer at the DDR channel rate, COMP is MACs / 256 per cycle;
 *   <li>DDR &lt;-&gt; memtile instructions (LOAD, LOADW, WRITE) are summed, never overlapped;
 *   <li>LOADWM is blocking and instructions with one iteration run sequentially: summed;
 *   <li>instructions with more than one iteration overlap: the n-th iterated LOADFM, COMP and WRITEFM of a group
 *       (HEAD, BODY, TAIL) form one set that takes max(per-iteration time) x iterations;
 *   <li>layers run one after another with no reconfiguration cost.
 * </ul>
 * The per-kind breakdown adds each instruction's own duration (per-iteration time x iterations), as the
 * authors' time series does (paper-facts.md 6.2).
 */
final class PaperEstimator {
  /** One layer under the model: its time, the per-kind durations, and a timeline for the trace. */
  record Outcome(long cycles, Map<InstructionKind, Long> kindCycles, List<Span> timeline) {}

  /** An instruction (or an overlapped set member) placed on the layer's timeline, relative to its start. */
  record Span(InstructionKind kind, String label, long startCycle, long cycles) {}

  private PaperEstimator() {}

  /** The layer under the model, from a plan built with {@link StepCosts#paper}. */
  static Outcome layer(LayerPlan plan) {
    long[] perIteration = perIterationCycles(plan);
    Map<InstructionKind, Long> kinds = new EnumMap<>(InstructionKind.class);
    Map<String, long[]> overlapSets = new LinkedHashMap<>();
    Map<String, List<Integer>> setMembers = new HashMap<>();
    Map<String, Integer> ordinals = new HashMap<>();
    List<Integer> sequential = new ArrayList<>();
    for (int i = 0; i < plan.instructions.size(); i++) {
      Instruction in = plan.instructions.get(i);
      kinds.merge(in.kind(), perIteration[i] * in.iterations(), Long::sum);
      if (overlaps(in)) {
        String kindKey = in.kind() + "/" + in.group();
        int ordinal = ordinals.merge(kindKey, 1, Integer::sum);
        String set = in.group() + "#" + ordinal;
        long[] s = overlapSets.computeIfAbsent(set, key -> new long[2]);
        s[0] = Math.max(s[0], perIteration[i]);
        s[1] = Math.max(s[1], in.iterations());
        setMembers.computeIfAbsent(set, key -> new ArrayList<>()).add(i);
      } else {
        sequential.add(i);
      }
    }
    List<Span> timeline = new ArrayList<>();
    long cursor = placeSequential(plan, perIteration, sequential, 0, timeline, true);
    for (Map.Entry<String, long[]> set : overlapSets.entrySet()) {
      long setCycles = set.getValue()[0] * set.getValue()[1];
      for (int i : setMembers.get(set.getKey())) {
        Instruction in = plan.instructions.get(i);
        timeline.add(new Span(in.kind(), label(in), cursor, perIteration[i] * in.iterations()));
      }
      cursor += setCycles;
    }
    cursor = placeSequential(plan, perIteration, sequential, cursor, timeline, false);
    return new Outcome(cursor, kinds, timeline);
  }

  /** Iterated on-array instructions overlap; DDR moves and the blocking LOADWM never do. */
  private static boolean overlaps(Instruction in) {
    return in.iterations() > 1 && switch (in.kind()) {
      case LOADFM, COMP, WRITEFM -> true;
      case LOAD, LOADW, LOADWM, WRITE -> false;
    };
  }

  /**
   * Sequential instructions before the overlapped sets (DDR loads, LOADWM, HEAD and ONCE groups) when
   * {@code before}, the rest (TAIL, WRITE) after: the order only shapes the trace, the sum is the same.
   */
  private static long placeSequential(LayerPlan plan, long[] perIteration, List<Integer> sequential, long start,
      List<Span> timeline, boolean before) {
    long cursor = start;
    for (int i : sequential) {
      Instruction in = plan.instructions.get(i);
      boolean late = in.kind() == InstructionKind.WRITE || in.group() == Group.TAIL;
      if (late != before) {
        long cycles = perIteration[i] * in.iterations();
        timeline.add(new Span(in.kind(), label(in), cursor, cycles));
        cursor += cycles;
      }
    }
    return cursor;
  }

  /** Per instruction: the busiest queue's summed entry cycles for one iteration. */
  private static long[] perIterationCycles(LayerPlan plan) {
    long[] perIteration = new long[plan.instructions.size()];
    long[] queueCycles = new long[plan.queues];
    int e = 0;
    for (int i = 0; i < perIteration.length; i++) {
      int first = e;
      while (e < plan.entries && plan.entryInstruction[e] == i) {
        for (int j = plan.entryQueueStart[e]; j < plan.entryQueueStart[e + 1]; j++) {
          queueCycles[plan.entryQueues[j]] += plan.entryCycles[e];
        }
        e++;
      }
      for (int f = first; f < e; f++) {
        for (int j = plan.entryQueueStart[f]; j < plan.entryQueueStart[f + 1]; j++) {
          int q = plan.entryQueues[j];
          perIteration[i] = Math.max(perIteration[i], queueCycles[q]);
          queueCycles[q] = 0;
        }
      }
    }
    return perIteration;
  }

  private static String label(Instruction in) {
    return in.kind() + " " + in.group() + " x" + in.iterations() + " #" + in.id();
  }
}
