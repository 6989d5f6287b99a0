package bsc.aie2.lower;

import bsc.aie2.program.LockDef;
import bsc.aie2.program.LockOp;

/**
 * The per-core locks of the ping/pong pipeline (one instance per core): producer and consumer of each
 * buffer alternate through an empty/full pair, like an mlir-aie ObjectFifo.
 */
final class Locks {
  static final String IN_EMPTY = "core.in.empty";
  static final String IN_FULL = "core.in.full";
  static final String IN2_EMPTY = "core.in2.empty";
  static final String IN2_FULL = "core.in2.full";
  static final String OUT_EMPTY = "core.out.empty";
  static final String OUT_FULL = "core.out.full";
  static final String OUT_PSUM = "core.out.psum";
  static final String W_EMPTY = "core.w.empty";
  static final String W_FULL = "core.w.full";

  private Locks() {}

  /** Definition of a lock with its initial value (empties start at the buffer's slot count). */
  static LockDef def(String id, int inputSlots, int outputSlots) {
    int init = switch (id) {
      case IN_EMPTY -> inputSlots;
      case IN2_EMPTY -> 2;
      case OUT_EMPTY -> outputSlots;
      case W_EMPTY -> 1;
      default -> 0;
    };
    return new LockDef(id, LockDef.Scope.CORE, init);
  }

  static LockOp each(String lock) {
    return LockOp.each(lock, 1);
  }

  static LockOp first(String lock) {
    return new LockOp(lock, 1, LockOp.When.FIRST);
  }

  static LockOp last(String lock) {
    return new LockOp(lock, 1, LockOp.When.LAST);
  }
}
