package bsc.aie2.lower;

import bsc.aie2.program.Compute;
import bsc.aie2.program.Group;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Transfer;
import java.util.ArrayList;
import java.util.List;

/** An instruction under construction: lock ops and dependencies may still be added. */
final class Draft {
  final int id;
  final InstructionKind kind;
  final Group group;
  final int iterations;
  final List<Transfer> transfers;
  final List<Compute> computes;
  final List<LockOp> acquire = new ArrayList<>();
  final List<LockOp> release = new ArrayList<>();
  final List<Integer> after = new ArrayList<>();
  final String note;

  Draft(int id, InstructionKind kind, Group group, int iterations, List<Transfer> transfers, List<Compute> computes,
      String note) {
    this.id = id;
    this.kind = kind;
    this.group = group;
    this.iterations = iterations;
    this.transfers = transfers;
    this.computes = computes;
    this.note = note;
  }

  Draft acquire(LockOp op) {
    acquire.add(op);
    return this;
  }

  Draft release(LockOp op) {
    release.add(op);
    return this;
  }

  Draft after(List<Integer> ids) {
    for (int i : ids) {
      if (i != id && !after.contains(i)) {
        after.add(i);
      }
    }
    return this;
  }

  Instruction build() {
    List<Integer> sorted = new ArrayList<>(after);
    sorted.sort(Integer::compare);
    return new Instruction(id, kind, group, iterations, transfers, computes, acquire, release, sorted, note);
  }
}
