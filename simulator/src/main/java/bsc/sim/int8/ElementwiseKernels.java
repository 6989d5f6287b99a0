package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;

/** The int8 kernels that map elements one to one: Add, the clamps (Relu, Clip) and the copies. */
final class ElementwiseKernels {
  private ElementwiseKernels() {}

  /**
   * Add: {@link FixedPoint#add} per element, then clamped to [lo, hi] (a Relu or Clip fused into it, else
   * the int8 range), the halves of a large tensor on two threads. The vector path computes the definition in
   * int or short lanes ({@link VectorLoops#add}); the scalar path, and the vector one for shifts outside int lanes,
   * looks the result up in a table of all 65,536 int8 pairs made once (the fix positions are fixed per node).
   */
  static final class Add implements Int8Kernel {
    /** Elements below which one thread adds alone. */
    private static final int SPLIT_MIN = 1 << 15;
    private final int a;
    private final int b;
    private final int out;
    private final int shiftA;
    private final int shiftB;
    private final int shift;
    private final int lo;
    private final int hi;
    private final boolean vector;
    private final byte[] table;
    private final Workers workers;

    /** Writes {@code clamp(add(x, z), lo, hi)} into slot {@code out}, for lo <= hi in the int8 range. */
    Add(int a, int b, int out, int fa, int fb, int fy, int lo, int hi, boolean vector, Workers workers) {
      this.a = a;
      this.b = b;
      this.out = out;
      int fm = Math.max(fa, fb);
      this.shiftA = fm - fa;
      this.shiftB = fm - fb;
      this.shift = fm - fy;
      this.lo = lo;
      this.hi = hi;
      this.vector = vector && VectorLoops.addFits(shiftA, shiftB, shift);
      this.workers = workers;
      this.table = this.vector ? null : new byte[1 << 16];
      for (int x = FixedPoint.INT8_MIN; table != null && x <= FixedPoint.INT8_MAX; x++) {
        for (int z = FixedPoint.INT8_MIN; z <= FixedPoint.INT8_MAX; z++) {
          table[(x & 0xff) << 8 | (z & 0xff)] = (byte) FixedPoint.clamp(FixedPoint.add(x, fa, z, fb, fy), lo, hi);
        }
      }
    }

    @Override
    public void run(Frame f) {
      byte[] x = f.get(a);
      byte[] z = f.get(b);
      byte[] y = new byte[x.length];
      int parts = x.length >= SPLIT_MIN ? workers.threads() : 1;
      workers.forEach(parts, p -> {
        int from = (int) ((long) y.length * p / parts);
        int to = (int) ((long) y.length * (p + 1) / parts);
        if (vector) {
          VectorLoops.add(x, z, y, from, to, shiftA, shiftB, shift, lo, hi);
        } else {
          for (int i = from; i < to; i++) {
            y[i] = table[(x[i] & 0xff) << 8 | (z[i] & 0xff)];
          }
        }
      });
      f.set(out, y);
    }
  }

  /** Relu (lo = 0) and Clip: clamp to bounds quantized at the value's fix position. */
  record Clamp(int in, int out, int lo, int hi, boolean vector) implements Int8Kernel {
    @Override
    public void run(Frame f) {
      byte[] x = f.get(in);
      byte[] y = new byte[x.length];
      if (vector) {
        VectorLoops.clamp(x, y, 0, x.length, (byte) FixedPoint.saturate(lo), (byte) FixedPoint.saturate(hi));
      } else {
        for (int i = 0; i < y.length; i++) {
          y[i] = (byte) FixedPoint.clamp(x[i], lo, hi);
        }
      }
      f.set(out, y);
    }
  }

  /** Flatten, Reshape: the same bytes under another shape (values are never written after they are set). */
  record Copy(int in, int out) implements Int8Kernel {
    @Override
    public void run(Frame f) {
      f.set(out, f.get(in));
    }
  }

  /**
   * Concat along an axis: per outer index, each input's block of {@code extent[i] * inner} elements,
   * rescaled from its fix position to the output's ({@link FixedPoint#rescale}).
   */
  record Concat(int[] ins, int[] fixes, int[] blockSizes, int out, int fy, int outer) implements Int8Kernel {
    @Override
    public void run(Frame f) {
      int total = 0;
      for (int b : blockSizes) {
        total += b;
      }
      byte[] y = new byte[total * outer];
      int at = 0;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < ins.length; i++) {
          byte[] x = f.get(ins[i]);
          int from = o * blockSizes[i];
          int s = fixes[i] - fy;
          if (s == 0) {
            System.arraycopy(x, from, y, at, blockSizes[i]);
          } else {
            for (int j = 0; j < blockSizes[i]; j++) {
              y[at + j] = (byte) FixedPoint.requantize(x[from + j], s);
            }
          }
          at += blockSizes[i];
        }
      }
      f.set(out, y);
    }
  }
}
