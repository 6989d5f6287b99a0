package bsc.aie2.verify;

import bsc.aie2.program.Buffer;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Weight bytes equal the compacted size: each layer's LOADW instructions read exactly its compacted chunks
 * (their distinct DDR ranges add up to the layer's compacted weight bytes), and the layers' ranges tile the
 * DDR weights buffer (weights.bin) without gaps or overlaps.
 */
final class WeightCheck {
  private final Program p;
  private final List<long[]> all = new ArrayList<>();

  WeightCheck(Program p) {
    this.p = p;
  }

  void check(LayerProgram l) {
    TreeMap<Long, Long> ranges = new TreeMap<>();
    Instruction first = null;
    for (Instruction i : l.instructions()) {
      if (i.kind() != InstructionKind.LOADW) {
        continue;
      }
      first = first == null ? i : first;
      for (Transfer t : i.transfers()) {
        for (Transfer.Segment s : t.segments()) {
          long[] e = s.src().pattern().extent();
          Long old = ranges.put(e[0], e[1]);
          if (old != null && old != e[1]) {
            throw Failure.at(l, i, "two weight loads start at DDR " + e[0] + " with different sizes");
          }
        }
      }
    }
    long sum = 0;
    long end = -1;
    for (var r : ranges.entrySet()) {
      if (r.getKey() < end) {
        throw Failure.at(l, first, "weight loads overlap at DDR " + r.getKey());
      }
      sum += r.getValue() - r.getKey();
      end = r.getValue();
      all.add(new long[] {r.getKey(), r.getValue()});
    }
    if (sum != l.report().weightBytesCompacted()) {
      throw Failure.at(l, first, "weight loads move " + sum + " bytes, the compacted weights are "
          + l.report().weightBytesCompacted());
    }
  }

  void checkTotal() {
    Buffer w = p.ddrBuffer("ddr.weights");
    all.sort((a, b) -> Long.compare(a[0], b[0]));
    long at = w.offsetBytes();
    for (long[] r : all) {
      if (r[0] != at) {
        throw Failure.program("weights.bin has a " + (r[0] > at ? "gap" : "overlap") + " at DDR " + at);
      }
      at = r[1];
    }
    if (at - w.offsetBytes() != p.settings().weightsFileBytes()) {
      throw Failure.program("layers load " + (at - w.offsetBytes()) + " weight bytes, weights.bin has "
          + p.settings().weightsFileBytes());
    }
  }
}
