package bsc.aie2.program;

import java.util.List;

/**
 * A buffer-descriptor-like access pattern, in bytes: {@code offsetBytes} from the start of the buffer slot,
 * then up to four {@link Dim}s listed innermost first (the innermost usually a contiguous run, stride 1).
 * The bytes are visited in row-major order of the dims (last dim outermost). Positions in padding read as
 * zero and touch no memory.
 */
public record AccessPattern(long offsetBytes, List<Dim> dims) {
  public AccessPattern {
    dims = List.copyOf(dims);
  }

  public static AccessPattern contiguous(long offsetBytes, long bytes) {
    return new AccessPattern(offsetBytes, List.of(Dim.of(Math.toIntExact(bytes), 1)));
  }

  /** Bytes the stream carries (padding included). */
  public long streamBytes() {
    long n = 1;
    for (Dim d : dims) {
      n *= d.streamSize();
    }
    return n;
  }

  /** Bytes read or written in memory (padding excluded). */
  public long memoryBytes() {
    long n = 1;
    for (Dim d : dims) {
      n *= d.size();
    }
    return n;
  }

  /** Lowest and one-past-highest byte touched, relative to the slot; [0, 0) when empty. */
  public long[] extent() {
    long lo = offsetBytes;
    long hi = offsetBytes;
    for (Dim d : dims) {
      if (d.size() == 0) {
        return new long[] {0, 0};
      }
      long span = (long) (d.size() - 1) * d.strideBytes();
      if (span < 0) {
        lo += span;
      } else {
        hi += span;
      }
    }
    return new long[] {lo, hi + 1};
  }

  public AccessPattern shifted(long deltaBytes) {
    return new AccessPattern(offsetBytes + deltaBytes, dims);
  }
}
