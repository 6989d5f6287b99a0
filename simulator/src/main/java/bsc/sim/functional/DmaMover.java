package bsc.sim.functional;

import bsc.aie2.program.Dim;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Level;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import java.util.Arrays;
import java.util.List;

/**
 * Moves the bytes of one transfer iteration: each segment reads its source pattern as a stream (zeros where
 * the pattern pads) and writes the stream through its destination pattern into every destination tile
 * (docs/PROGRAM.md 3 and 5). Patterns have at most four dims, innermost first.
 */
final class DmaMover {
  private static final int MAX_DIMS = 4;
  private final ArrayMemory memory;
  private byte[] stream = new byte[1 << 16];
  private final int[] size = new int[MAX_DIMS];
  private final long[] stride = new long[MAX_DIMS];
  private final int[] before = new int[MAX_DIMS];
  private final int[] after = new int[MAX_DIMS];

  DmaMover(ArrayMemory memory) {
    this.memory = memory;
  }

  void move(Transfer t, int k) {
    for (Transfer.Segment s : t.segments()) {
      Endpoint src = s.src();
      long n = src.pattern().streamBytes();
      if (n > stream.length) {
        stream = new byte[Math.toIntExact(Math.max(n, 2L * stream.length))];
      }
      TileRef from = src.tiles().isEmpty() ? null : src.tiles().get(0);
      walk(memory.of(src.level(), from), memory.origin(src, k), src.pattern().dims(), true);
      Endpoint dst = s.dst();
      if (dst.level() == Level.DDR) {
        walk(memory.ddr, memory.origin(dst, k), dst.pattern().dims(), false);
      } else {
        for (TileRef tile : dst.tiles()) {
          walk(memory.of(dst.level(), tile), memory.origin(dst, k), dst.pattern().dims(), false);
        }
      }
    }
  }

  /**
   * Visits the pattern in stream order; {@code read}: memory into the stream (padding reads as zero), else the
   * stream into memory (padding positions of the stream are dropped).
   */
  private void walk(byte[] mem, long origin, List<Dim> dims, boolean read) {
    for (int d = 0; d < MAX_DIMS; d++) {
      Dim dim = d < dims.size() ? dims.get(d) : null;
      size[d] = dim == null ? 1 : dim.size();
      stride[d] = dim == null ? 0 : dim.strideBytes();
      before[d] = dim == null ? 0 : dim.padBefore();
      after[d] = dim == null ? 0 : dim.padAfter();
    }
    int inner = before[0] + size[0] + after[0];
    int pos = 0;
    for (int i3 = -before[3]; i3 < size[3] + after[3]; i3++) {
      for (int i2 = -before[2]; i2 < size[2] + after[2]; i2++) {
        for (int i1 = -before[1]; i1 < size[1] + after[1]; i1++) {
          boolean inside = i1 >= 0 && i1 < size[1] && i2 >= 0 && i2 < size[2] && i3 >= 0 && i3 < size[3];
          if (!inside) {
            if (read) {
              Arrays.fill(stream, pos, pos + inner, (byte) 0);
            }
            pos += inner;
            continue;
          }
          long a = origin + i1 * stride[1] + i2 * stride[2] + i3 * stride[3];
          if (read) {
            Arrays.fill(stream, pos, pos + before[0], (byte) 0);
          }
          pos += before[0];
          run(mem, a, pos, read);
          pos += size[0];
          if (read) {
            Arrays.fill(stream, pos, pos + after[0], (byte) 0);
          }
          pos += after[0];
        }
      }
    }
  }

  /** The innermost dim's {@code size[0]} elements from address a, at stream position pos. */
  private void run(byte[] mem, long a, int pos, boolean read) {
    int n = size[0];
    long s = stride[0];
    if (s == 1) {
      if (read) {
        System.arraycopy(mem, Math.toIntExact(a), stream, pos, n);
      } else {
        System.arraycopy(stream, pos, mem, Math.toIntExact(a), n);
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      int at = Math.toIntExact(a + i * s);
      if (read) {
        stream[pos + i] = mem[at];
      } else {
        mem[at] = stream[pos + i];
      }
    }
  }
}
