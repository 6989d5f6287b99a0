package bsc.sim.timing;

import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import java.util.List;

/**
 * One layer compiled for the event engine, as primitive arrays (built by {@link LayerPlanBuilder}).
 *
 * <p>An <em>entry</em> is one transfer or one compute of an instruction; it runs the instruction's iterations
 * in order. A <em>queue</em> is a serial resource: a DMA channel (every segment's source MM2S and destination
 * S2MM of a transfer; a transfer holds all of them for its whole buffer-descriptor chain) or a core (its
 * computes). A queue serves instructions in order (id), like a BD task queue: it moves to the next instruction
 * when every entry of the current one on it has finished all its iterations. The entries of one instruction
 * that share a queue form a <em>segment</em> and are served iteration by iteration, interleaved, whichever is
 * ready (docs/PROGRAM.md 4: one task per iteration, as packet-switched streams), so none blocks the others.
 * An instruction's entries wait before their first iteration until the instructions named in its
 * {@code after} have finished. Lock instances are numbered per
 * layer; an entry's acquire and release ops are resolved to the instances of the tiles it touches
 * (docs/PROGRAM.md section 4).
 */
final class LayerPlan {
  static final byte FIRST = 0;
  static final byte EACH = 1;
  static final byte LAST = 2;

  final LayerProgram layer;
  final List<Instruction> instructions;

  final int entries;
  final int[] entryInstruction;
  final int[] entryIndex;
  final int[] entryIterations;
  final long[] entryCycles;
  final int[] entryQueueStart;
  final int[] entryQueues;
  final OpTable acquires;
  final OpTable releases;

  final int queues;
  final String[] queueName;
  final QueueKind[] queueKind;
  final int[] queueSegmentStart;
  final int[] segmentEntryStart;
  final int[] segmentEntries;
  final int[] segmentInstruction;

  final int[] instructionEntryStart;
  final int[] instructionPending;
  final int[] dependentStart;
  final int[] dependents;

  final int[] lockInit;
  final String[] lockName;
  final LayerStatics statics;

  /** Lock operations of every entry in CSR form: ops of entry e are [start[e], start[e+1]). */
  record OpTable(int[] start, int[] lock, int[] value, byte[] when) {
    boolean applies(int op, int iteration, int iterations) {
      return when[op] == EACH
          || (when[op] == FIRST && iteration == 0)
          || (when[op] == LAST && iteration == iterations - 1);
    }
  }

  /** What kind of resource a queue is (the trace groups tracks by it). */
  enum QueueKind {
    SHIM_DMA,
    MEMTILE_DMA,
    CORE_DMA,
    CORE
  }

  LayerPlan(LayerProgram layer, List<Instruction> instructions, int[][] entryArrays, long[] entryCycles,
      int[] entryQueueStart, int[] entryQueues, OpTable acquires, OpTable releases, String[] queueName,
      QueueKind[] queueKind, int[][] queueArrays, int[][] dependencyArrays, int[] lockInit, String[] lockName,
      LayerStatics statics) {
    this.layer = layer;
    this.instructions = instructions;
    this.entryInstruction = entryArrays[0];
    this.entryIndex = entryArrays[1];
    this.entryIterations = entryArrays[2];
    this.entries = entryInstruction.length;
    this.entryCycles = entryCycles;
    this.entryQueueStart = entryQueueStart;
    this.entryQueues = entryQueues;
    this.acquires = acquires;
    this.releases = releases;
    this.queueName = queueName;
    this.queueKind = queueKind;
    this.queues = queueName.length;
    this.queueSegmentStart = queueArrays[0];
    this.segmentEntryStart = queueArrays[1];
    this.segmentEntries = queueArrays[2];
    this.segmentInstruction = queueArrays[3];
    this.instructionEntryStart = dependencyArrays[0];
    this.instructionPending = dependencyArrays[1];
    this.dependentStart = dependencyArrays[2];
    this.dependents = dependencyArrays[3];
    this.lockInit = lockInit;
    this.lockName = lockName;
    this.statics = statics;
  }

  Instruction instructionOf(int entry) {
    return instructions.get(entryInstruction[entry]);
  }

  boolean isCompute(int entry) {
    return entryIndex[entry] >= instructionOf(entry).transfers().size();
  }

  long steps() {
    long n = 0;
    for (int e = 0; e < entries; e++) {
      n += entryIterations[e];
    }
    return n;
  }
}
