package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.sparsify.BlockShape;
import bsc.sparsify.quant.FixedPoint;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The separable max pool against the window maximum written out, over kernels, strides, pads and dilations. */
class MaxPoolTest {
  /** y[c][oy][ox] = max of x over the window positions inside the input, -128 if none. */
  private static byte[] naive(byte[] x, int c, int h, int w, int k, int s, int d, int[] pads, int oh, int ow) {
    byte[] y = new byte[c * oh * ow];
    for (int ch = 0; ch < c; ch++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int m = FixedPoint.INT8_MIN;
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int iy = oy * s - pads[0] + ky * d;
              int ix = ox * s - pads[1] + kx * d;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                m = Math.max(m, x[(ch * h + iy) * w + ix]);
              }
            }
          }
          y[(ch * oh + oy) * ow + ox] = (byte) m;
        }
      }
    }
    return y;
  }

  private static void check(int c, int h, int w, int k, int s, int d, int[] pads, Random r) {
    byte[] x = new byte[c * h * w];
    r.nextBytes(x);
    int oh = (h + pads[0] + pads[2] - d * (k - 1) - 1) / s + 1;
    int ow = (w + pads[1] + pads[3] - d * (k - 1) - 1) / s + 1;
    Attributes a = Attributes.empty().with("kernel_shape", new long[] {k, k}).with("strides", new long[] {s, s})
        .with("dilations", new long[] {d, d}).with("pads", new long[] {pads[0], pads[1], pads[2], pads[3]});
    Graph g = Nets.graph("max", new long[] {1, c, h, w}, "y", b -> b.add(OpType.MAX_POOL, "y", a, "x"));
    byte[] want = naive(x, c, h, w, k, s, d, pads, oh, ow);
    for (int threads = 1; threads <= 2; threads++) {
      for (boolean vector : new boolean[] {false, true}) {
        Int8Executor.Options o = new Int8Executor.Options(threads, Int8Executor.ConvPath.BLOCK_SPARSE,
            BlockShape.AIE2_DEFAULT, vector);
        assertArrayEquals(want, Nets.run(Nets.quantize(g, Map.of("x", 2)), o, x), "c " + c + " " + h + "x" + w
            + " k " + k + " s " + s + " d " + d + " pads " + java.util.Arrays.toString(pads) + " threads " + threads
            + " vector " + vector);
      }
    }
  }

  @Test
  void matchesTheWindowMaximumForEveryKernelStrideDilationAndPadding() {
    Random r = new Random(11);
    for (int k = 1; k <= 3; k++) {
      for (int s = 1; s <= 3; s++) {
        for (int d = 1; d <= 2; d++) {
          int[][] padSets = {{0, 0, 0, 0}, {1, 1, 1, 1}, {k - 1, 0, 0, k - 1}, {0, k - 1, k - 1, 1}};
          for (int[] pads : padSets) {
            check(3, 9, 70, k, s, d, pads, r); // rows of one full vector and an overlapping one
            check(2, 5, 13, k, s, d, pads, r); // rows shorter than a vector
          }
        }
      }
    }
  }

  @Test
  void resnetsStemPoolSplitBetweenThreads() {
    // 3x3 stride 2 pad 1 as in resnet50, large enough that the channels split between two threads
    check(16, 64, 130, 3, 2, 1, new int[] {1, 1, 1, 1}, new Random(5));
  }
}
