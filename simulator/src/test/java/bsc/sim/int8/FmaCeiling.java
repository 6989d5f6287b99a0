package bsc.sim.int8;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The ceiling of the INT8 executor's arithmetic on this machine, in multiply-accumulates per second of one
 * core's CPU time ({@link ThreadMXBean}, robust under load): 512-bit float FMAs of the Vector API with all
 * operands in registers (the most any float-FMA kernel can reach), and {@link PanelMac}'s micro-kernel on a
 * walk whose rows stay in L1 (the most the executor's kernel reaches), and the only integer dot product JDK 17
 * can emit: C2's auto-vectorization of {@code out[i] += a[2i] * b[2i] + a[2i + 1] * b[2i + 1]} over shorts into
 * ints (MulAddVS2VI: vpmaddwd, or vpdpwssd with AVX512-VNNI; the Vector API of JDK 17 has no such operation),
 * which C2 matches only with both factors loaded from arrays, so it cannot keep accumulators in registers
 * (measured next to it: the same loop with loop-invariant weights, which C2 leaves scalar). Prints one line
 * each, and the time
 * resnet50's multiply-accumulates would take at that rate: {@code java --add-modules jdk.incubator.vector -cp
 * ... bsc.sim.int8.FmaCeiling [GMAC of the model, default 4.09]}.
 */
final class FmaCeiling {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private FmaCeiling() {}

  /** n iterations of 16 independent 16-lane FMA chains, all in registers; returns a checksum. */
  private static float registers(long n) {
    FloatVector b = FloatVector.broadcast(F, 0.999f);
    FloatVector c = FloatVector.broadcast(F, 0.001f);
    FloatVector a0 = FloatVector.broadcast(F, 1f); FloatVector a1 = FloatVector.broadcast(F, 2f);
    FloatVector a2 = FloatVector.broadcast(F, 3f); FloatVector a3 = FloatVector.broadcast(F, 4f);
    FloatVector a4 = FloatVector.broadcast(F, 5f); FloatVector a5 = FloatVector.broadcast(F, 6f);
    FloatVector a6 = FloatVector.broadcast(F, 7f); FloatVector a7 = FloatVector.broadcast(F, 8f);
    FloatVector a8 = FloatVector.broadcast(F, 9f); FloatVector a9 = FloatVector.broadcast(F, 10f);
    FloatVector a10 = FloatVector.broadcast(F, 11f); FloatVector a11 = FloatVector.broadcast(F, 12f);
    FloatVector a12 = FloatVector.broadcast(F, 13f); FloatVector a13 = FloatVector.broadcast(F, 14f);
    FloatVector a14 = FloatVector.broadcast(F, 15f); FloatVector a15 = FloatVector.broadcast(F, 16f);
    for (long i = 0; i < n; i++) {
      a0 = a0.fma(b, c); a1 = a1.fma(b, c); a2 = a2.fma(b, c); a3 = a3.fma(b, c);
      a4 = a4.fma(b, c); a5 = a5.fma(b, c); a6 = a6.fma(b, c); a7 = a7.fma(b, c);
      a8 = a8.fma(b, c); a9 = a9.fma(b, c); a10 = a10.fma(b, c); a11 = a11.fma(b, c);
      a12 = a12.fma(b, c); a13 = a13.fma(b, c); a14 = a14.fma(b, c); a15 = a15.fma(b, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .add(a12).add(a13).add(a14).add(a15).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  private static double best(Runnable r, int rounds) {
    double best = Double.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      long t0 = CPU.getCurrentThreadCpuTime();
      r.run();
      best = Math.min(best, (CPU.getCurrentThreadCpuTime() - t0) / 1e9);
    }
    return best;
  }

  public static void main(String[] args) {
    double gmac = args.length > 0 ? Double.parseDouble(args[0]) : 4.09;
    long n = 20_000_000;
    float[] sink = new float[1];
    for (int warm = 0; warm < 5; warm++) {
      sink[0] += registers(n / 10);
    }
    double s = best(() -> sink[0] += registers(n), 5);
    double reg = n * 16.0 * 16 / s / 1e9;
    // the micro-kernel: 8 channels x 48 positions over 240 rows of 3 vectors each, all in L1
    int rows = 240;
    float[] x = new float[rows * 64 + 64];
    float[] w = new float[rows * PanelMac.ROWS];
    int[] off = new int[rows];
    for (int k = 0; k < rows; k++) {
      off[k] = k * 64;
      for (int r = 0; r < PanelMac.ROWS; r++) {
        w[k * PanelMac.ROWS + r] = (k + r) % 7 - 3;
      }
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 5 - 2;
    }
    float[] sums = new float[PanelMac.ROWS * PanelMac.STRIP];
    int[] acc = new int[PanelMac.ROWS * PanelMac.STRIP];
    int[] bias = new int[PanelMac.ROWS];
    System.out.printf(Locale.ROOT, "| 512-bit float FMA, operands in registers | %.1f GMAC/s | resnet50 (%.2f GMAC) "
        + "in %.1f ms |%n", reg, gmac, gmac / reg * 1e3);
    for (int width = PanelMac.STRIP; width > 0; width -= PanelMac.LANES) {
      int strip = width;
      int calls = 200_000 * PanelMac.STRIP / strip;
      Runnable kernel = () -> {
        for (int i = 0; i < calls; i++) {
          PanelMac.sum(strip, x, 0, off, 0, rows, w, sums);
          PanelMac.flush(sums, strip, acc, bias, 0);
        }
      };
      for (int warm = 0; warm < 5; warm++) {
        kernel.run();
      }
      double k = (double) calls * rows * PanelMac.ROWS * strip / best(kernel, 5) / 1e9;
      System.out.printf(Locale.ROOT, "| PanelMac 8x%d micro-kernel, 240 rows in L1 | %.1f GMAC/s | resnet50 (%.2f GMAC) "
          + "in %.1f ms |%n", strip, k, gmac, gmac / k * 1e3);
    }
    int n2 = 256;
    short[] a = new short[2 * n2];
    short[] b = new short[2 * n2];
    int[] out = new int[n2];
    for (int i = 0; i < a.length; i++) {
      a[i] = (short) (i % 255 - 127);
      b[i] = (short) (i % 2 == 0 ? 17 : -33);
    }
    int loops = 400_000;
    Runnable pairs = () -> {
      for (int i = 0; i < loops; i++) {
        pairDot(out, a, b, n2);
      }
    };
    Runnable invariant = () -> {
      for (int i = 0; i < loops; i++) {
        pairDotInvariant(out, a, b[0], b[1], n2);
      }
    };
    for (int warm = 0; warm < 5; warm++) {
      pairs.run();
      invariant.run();
    }
    double p = 2.0 * loops * n2 / best(pairs, 5) / 1e9;
    double q = 2.0 * loops * n2 / best(invariant, 5) / 1e9;
    System.out.printf(Locale.ROOT, "| int16 pair dot product, C2 auto-vectorized (MulAddVS2VI), in L1 | %.1f GMAC/s "
        + "| resnet50 (%.2f GMAC) in %.1f ms |%n", p, gmac, gmac / p * 1e3);
    System.out.printf(Locale.ROOT, "| the same with loop-invariant weights (not vectorized) | %.1f GMAC/s | resnet50 "
        + "(%.2f GMAC) in %.1f ms |%n", q, gmac, gmac / q * 1e3);
    System.out.println("(checksum " + sink[0] + acc[0] + out[3] + ")");
  }

  /** The shape C2 (JDK 13 and later) turns into vpmaddwd / vpdpwssd: both factors loaded from arrays. */
  private static void pairDot(int[] out, short[] a, short[] b, int n) {
    for (int i = 0; i < n; i++) {
      out[i] += a[2 * i] * b[2 * i] + a[2 * i + 1] * b[2 * i + 1];
    }
  }

  private static void pairDotInvariant(int[] out, short[] a, short w0, short w1, int n) {
    for (int i = 0; i < n; i++) {
      out[i] += a[2 * i] * w0 + a[2 * i + 1] * w1;
    }
  }
}
