package bsc.aie2.verify;

import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Dim;
import java.util.List;

/** Walks the memory bytes of an access pattern as contiguous runs (padding positions touch no memory). */
final class Runs {
  interface Consumer {
    void run(long address, int length);
  }

  private Runs() {}

  static void forEach(AccessPattern p, long shift, Consumer c) {
    List<Dim> dims = p.dims();
    if (dims.isEmpty()) {
      return;
    }
    Dim inner = dims.get(0);
    boolean contiguous = inner.strideBytes() == 1;
    int outerCount = 1;
    for (int i = 1; i < dims.size(); i++) {
      outerCount *= dims.get(i).size();
    }
    int[] idx = new int[dims.size()];
    for (int o = 0; o < outerCount; o++) {
      long base = p.offsetBytes() + shift;
      for (int i = 1; i < dims.size(); i++) {
        base += idx[i] * dims.get(i).strideBytes();
      }
      if (contiguous) {
        c.run(base, inner.size());
      } else {
        for (int e = 0; e < inner.size(); e++) {
          c.run(base + e * inner.strideBytes(), 1);
        }
      }
      for (int i = 1; i < dims.size(); i++) {
        if (++idx[i] < dims.get(i).size()) {
          break;
        }
        idx[i] = 0;
      }
    }
  }
}
