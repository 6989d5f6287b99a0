package bsc.aie2.verify;

import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Level;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import bsc.aie2.program.Transfer;
import java.util.HashMap;
import java.util.Map;

/**
 * Every output element of every layer written exactly once: counts the bytes each final write (WRITEFM of
 * requantized tiles into a resident tensor, WRITE into DDR) puts into the layer's output storage, then
 * checks the output view byte by byte and that nothing else of the storage was written.
 */
final class CoverageCheck {
  private final Program p;
  private final Regions regions;

  CoverageCheck(Program p, Regions regions) {
    this.p = p;
    this.regions = regions;
  }

  void check(LayerProgram l) {
    if (l.instructions().isEmpty()) {
      return;
    }
    TensorHome out = p.tensor(l.output());
    TensorHome storage = regions.storage(out.storage());
    String buffer = out.level() == Level.MEMTILE ? Regions.TENSOR + out.storage() : ddrBuffer(storage);
    Map<Integer, byte[]> counts = new HashMap<>();
    Map<Integer, Long> bases = new HashMap<>();
    for (TensorSlice s : storage.slices()) {
      counts.put(s.column(), new byte[Math.toIntExact(storage.height() * s.rowStrideBytes())]);
      bases.put(s.column(), s.baseOffsetBytes());
    }
    long written = 0;
    for (Instruction i : l.instructions()) {
      boolean finalWrite = i.kind() == InstructionKind.WRITE || i.kind() == InstructionKind.WRITEFM;
      if (!finalWrite) {
        continue;
      }
      for (Transfer t : i.transfers()) {
        for (Transfer.Segment s : t.segments()) {
          Endpoint d = s.dst();
          if (d.level() == out.level() && d.buffer().equals(buffer)) {
            int col = d.level() == Level.DDR ? -1 : d.tiles().get(0).column();
            written += mark(l, i, d, counts.get(col), bases.get(col), storage, col);
          }
        }
      }
    }
    long expected = 0;
    for (TensorSlice s : out.slices()) {
      byte[] c = counts.get(s.column());
      for (int y = 0; y < out.height(); y++) {
        for (int x = s.x0(); x < s.x1(); x++) {
          long a = s.baseOffsetBytes() + y * s.rowStrideBytes() + (x - s.x0()) * out.pixelStrideBytes()
              + out.channelOffsetBytes() - bases.get(s.column());
          for (int ch = 0; ch < out.channels(); ch++) {
            if (c[(int) a + ch] != 1) {
              throw Failure.at(l, null, "output " + l.output() + " element (y " + y + ", x " + x + ", c " + ch
                  + ") written " + c[(int) a + ch] + " times");
            }
          }
          expected += out.channels();
        }
      }
    }
    if (written != expected) {
      throw Failure.at(l, null, written + " bytes written into the storage of " + l.output() + ", its elements are "
          + expected + " bytes");
    }
  }

  private static long mark(LayerProgram l, Instruction i, Endpoint d, byte[] count, Long base, TensorHome storage,
      int column) {
    if (count == null) {
      throw Failure.at(l, i, "writes a memtile that holds no slice of the output");
    }
    long[] n = new long[1];
    for (int k = 0; k < i.iterations(); k++) {
      Runs.forEach(d.pattern(), k * d.iterationStepBytes(), (addr, len) -> {
        int a = (int) (addr - base);
        if (a < 0 || a + len > count.length) {
          throw Failure.at(l, i, "writes outside the output storage");
        }
        for (int b = a; b < a + len; b++) {
          if (++count[b] > 1) {
            throw Failure.at(l, i, "writes " + element(storage, column, addr + b - a) + " a second time (an output "
                + "element written 2 times)");
          }
        }
        n[0] += len;
      });
    }
    return n[0];
  }

  /** The storage element at an address of its slice in memtile {@code column} (DDR: -1). */
  private static String element(TensorHome storage, int column, long address) {
    for (TensorSlice s : storage.slices()) {
      if (s.column() == column) {
        long rel = address - s.baseOffsetBytes();
        long inRow = rel % s.rowStrideBytes();
        return storage.name() + " element (y " + rel / s.rowStrideBytes() + ", x " + (s.x0() + inRow
            / storage.pixelStrideBytes()) + ", c " + inRow % storage.pixelStrideBytes() / storage.elementBytes() + ")";
      }
    }
    return "address " + address;
  }

  private String ddrBuffer(TensorHome storage) {
    long base = storage.slices().get(0).baseOffsetBytes();
    for (var b : p.ddr()) {
      if (base >= b.offsetBytes() && base < b.endBytes()) {
        return b.id();
      }
    }
    return "";
  }
}
