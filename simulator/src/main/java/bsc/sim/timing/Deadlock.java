package bsc.sim.timing;

import bsc.aie2.program.Instruction;
import bsc.ir.BscException;

/**
 * The report of a deadlocked layer: no event left while steps remain. It names the layer, the first blocked
 * instruction (in instruction order), its iteration, and the lock instance it waits for with the lock's value
 * and the amount it needs. A program that passes the verifier never deadlocks; this is how a broken one fails.
 */
final class Deadlock {
  private Deadlock() {}

  static BscException diagnose(EventEngine engine) {
    LayerPlan p = engine.plan();
    String where = "layer " + p.layer.index() + " '" + p.layer.name() + "'";
    String tail = "; " + engine.remainingSteps() + " of " + p.steps() + " steps never ran";
    for (int e = 0; e < p.entries; e++) {
      if (engine.nextIteration(e) < p.entryIterations[e] && engine.atHeadOfQueues(e)) {
        int instruction = p.entryInstruction[e];
        if (engine.nextIteration(e) == 0 && engine.pendingDependencies(instruction) > 0) {
          return new BscException(where, "deadlock at cycle " + engine.now() + ": " + step(p, engine, e)
              + " runs after unfinished instruction(s) " + unfinishedAfter(p, engine, instruction) + tail);
        }
        int lock = engine.blockingLock(e, false);
        if (lock >= 0) {
          return new BscException(where, "deadlock at cycle " + engine.now() + ": " + step(p, engine, e)
              + " waits for lock " + p.lockName[lock] + " (value " + engine.lockValue(lock) + ", needs "
              + needed(p, engine, e, lock) + ")" + tail);
        }
      }
    }
    int[] serving = engine.queueInstructions();
    for (int e = 0; e < p.entries; e++) {
      if (engine.nextIteration(e) < p.entryIterations[e]) {
        for (int i = p.entryQueueStart[e]; i < p.entryQueueStart[e + 1]; i++) {
          int q = p.entryQueues[i];
          if (serving[q] >= 0 && serving[q] != p.entryInstruction[e]) {
            return new BscException(where, "deadlock at cycle " + engine.now() + ": " + step(p, engine, e)
                + " waits for queue " + p.queueName[q] + ", still serving instruction "
                + p.instructions.get(serving[q]).id() + tail);
          }
        }
      }
    }
    return new BscException(where, "deadlock at cycle " + engine.now() + tail);
  }

  private static String step(LayerPlan p, EventEngine engine, int e) {
    Instruction in = p.instructionOf(e);
    return "instruction " + in.id() + " " + in.kind() + " " + in.group() + " (entry " + p.entryIndex[e]
        + ") iteration " + engine.nextIteration(e) + " of " + in.iterations();
  }

  private static String unfinishedAfter(LayerPlan p, EventEngine engine, int instruction) {
    StringBuilder b = new StringBuilder();
    for (int id : p.instructions.get(instruction).after()) {
      for (int i = 0; i < p.instructions.size(); i++) {
        if (p.instructions.get(i).id() == id && !engine.instructionFinished(i)) {
          b.append(b.length() == 0 ? "" : ", ").append(id);
        }
      }
    }
    return b.toString();
  }

  private static int needed(LayerPlan p, EventEngine engine, int e, int lock) {
    LayerPlan.OpTable acq = p.acquires;
    int n = 0;
    for (int op = acq.start()[e]; op < acq.start()[e + 1]; op++) {
      if (acq.lock()[op] == lock && acq.applies(op, engine.nextIteration(e), p.entryIterations[e])) {
        n += acq.value()[op];
      }
    }
    return n;
  }
}
