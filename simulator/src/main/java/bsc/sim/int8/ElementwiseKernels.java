package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;

/** The int8 kernels that map elements one to one: Add, the clamps (Relu, Clip) and the copies. */
final class ElementwiseKernels {
  private ElementwiseKernels() {}

  /** Add: {@link FixedPoint#add} per element. */
  record Add(int a, int b, int out, int fa, int fb, int fy) implements Int8Kernel {
    @Override
    public void run(Frame f) {
      byte[] x = f.get(a);
      byte[] z = f.get(b);
      byte[] y = new byte[x.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = (byte) FixedPoint.add(x[i], fa, z[i], fb, fy);
      }
      f.set(out, y);
    }
  }

  /** Relu (lo = 0) and Clip: clamp to bounds quantized at the value's fix position. */
  record Clamp(int in, int out, int lo, int hi) implements Int8Kernel {
    @Override
    public void run(Frame f) {
      byte[] x = f.get(in);
      byte[] y = new byte[x.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = (byte) FixedPoint.clamp(x[i], lo, hi);
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
