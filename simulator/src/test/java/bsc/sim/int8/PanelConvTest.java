package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.sparsify.BlockShape;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector conv path ({@link PanelConvKernel}: in-place taps on stride-phase planes, segments cut by weight
 * magnitude, outputs computed on a grid wider than the output) against {@link NaiveConv}, on both walks, one
 * and two threads.
 */
class PanelConvTest {
  private static final BlockShape B8 = new BlockShape(8, 8);

  /** c, m, h, w, kh, kw, sh, sw, dh, dw, pad top, left, bottom, right. */
  private static final int[][] CASES = {
      {24, 16, 9, 13, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, // grid 2 columns wider than the output
      {16, 8, 11, 10, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1}, // stride 2: four phase planes
      {40, 24, 7, 9, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0}, // 1x1 stride 2: one plane, a quarter of the input
      {20, 16, 12, 14, 5, 3, 2, 3, 1, 2, 0, 2, 1, 0}, // mixed strides, dilation, asymmetric pads
      {3, 16, 16, 16, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3}, // a stem conv of 3 channels
      {64, 32, 40, 40, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, // pointwise, positions split over two threads
      {32, 16, 34, 34, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1}, // 3x3, grid positions split over two threads
      {48, 8, 4, 4, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0}, // 2x2 outputs on a grid 4 wide
      {17, 16, 5, 6, 2, 2, 1, 1, 1, 1, 0, 1, 1, 0}, // a last block column of one channel
      {16, 8, 5, 75, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1}, // stride-2 rows of 37-38: vector phases, a scalar tail
      {27, 16, 7, 7, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, // 49 positions: a strip of 48 and one of 16 with 1 valid
  };

  @Test
  void inPlaceTapsAgreeWithTheNaiveConvOnGridEdgesStridesPadsAndDilations() {
    SplittableRandom r = new SplittableRandom(61);
    for (int[] k : CASES) {
      int c = k[0];
      int m = k[1];
      float[] w = new float[m * c * k[4] * k[5]];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) r.nextGaussian();
      }
      // whole 8x8 blocks zero (so the sparse walk skips them), and the second group of 8 channels all zero;
      // the first block of the first group is kept, so that no case has only zero weights
      for (int o = 0; o < m; o++) {
        for (int ci = 0; ci < c; ci++) {
          if ((o / 8 * 31 + ci / 8 * 7 + 1) % 3 == 0 || o / 8 == 1) {
            java.util.Arrays.fill(w, (o * c + ci) * k[4] * k[5], (o * c + ci + 1) * k[4] * k[5], 0f);
          }
        }
      }
      float[] bias = new float[m];
      for (int i = 0; i < m; i++) {
        bias[i] = (float) r.nextGaussian() * 4;
      }
      byte[] x = new byte[c * k[2] * k[3]];
      for (int i = 0; i < x.length; i++) {
        x[i] = (byte) r.nextInt(256);
      }
      byte[] y = check(k, model(k, w, bias, r.nextBoolean() ? "relu" : null, 3, 4), x, java.util.Arrays.toString(k));
      int nonzero = 0;
      for (byte b : y) {
        nonzero += b != 0 ? 1 : 0;
      }
      assertTrue(nonzero > y.length / 4, java.util.Arrays.toString(k) + ": outputs not mostly zero");
    }
  }

  /**
   * A 3x3 conv of 64 channels, every weight 127, on inputs of 100: an interior output sums 576 * 12700 =
   * 7,315,200, past 2^22, and a bias of -7,314,200 brings it back to 1000 (requantized by 2^4: 62.5, to
   * even 62); the border outputs saturate at -128. Float holds these sums exactly, but the 1.5 * 2^23
   * conversion to int does not above 2^22: the walk must be cut into segments by the weights' magnitudes.
   * Two groups of 8 channels, so that the second group's segments are checked too.
   */
  @Test
  void segmentsCutByWeightMagnitudeKeepSumsExactPastTwoToTheTwentyTwo() {
    int c = 64;
    int m = 16;
    float[] w = new float[m * c * 9];
    java.util.Arrays.fill(w, 127 / 64f); // q = 127 at fix 6
    float[] bias = new float[m];
    java.util.Arrays.fill(bias, -7_314_200 / 64f); // at fix 0 + 6
    byte[] x = new byte[c * 6 * 7];
    java.util.Arrays.fill(x, (byte) 100);
    int[] k = {c, m, 6, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1};
    QuantizedModel qm = model(k, w, bias, null, 0, 2);
    assertEquals(-7_314_200, qm.layer("y").bias(0));
    ConvGeometry g = ConvGeometry.of(qm.graph(), qm.graph().nodes().get(0));
    PanelWeights pw = PanelWeights.dense(g, new Planes(g), qm.layer("y").weights(), B8);
    for (int grp = 0; grp < 2; grp++) {
      assertEquals(3, pw.segments(grp), "576 steps of |w| = 127 against a budget of 32767: 258 + 258 + 60");
    }
    byte[] y = check(k, qm, x, "sums past 2^22");
    for (int o = 0; o < m; o++) {
      assertEquals(62, y[o * 42 + 7 + 1], "an interior output of channel " + o);
      assertEquals(-128, y[o * 42], "a corner of channel " + o);
    }
  }

  private static QuantizedModel model(int[] k, float[] w, float[] bias, String act, int fx, int fy) {
    Graph g = Nets.graph("conv", new long[] {1, k[0], k[2], k[3]}, "y", b -> {
      b.addInitializer("w", Nets.floats(w, k[1], k[0], k[4], k[5]));
      b.addInitializer("b", Nets.floats(bias, k[1]));
      Attributes a = Attributes.empty().with("kernel_shape", new long[] {k[4], k[5]})
          .with("strides", new long[] {k[6], k[7]}).with("dilations", new long[] {k[8], k[9]})
          .with("pads", new long[] {k[10], k[11], k[12], k[13]});
      if (act != null) {
        a = a.with("activation", act);
      }
      b.add(OpType.CONV, "y", a, "x", "w", "b");
    });
    return Quantizer.withFixPositions(g, Map.of("x", fx, "y", fy), QuantOptions.defaults().withPerChannel(true));
  }

  /** Runs the conv on every path and thread count with the vector loops; returns the naive conv's bytes. */
  private static byte[] check(int[] k, QuantizedModel qm, byte[] x, String where) {
    Graph g = qm.graph();
    ConvGeometry geo = ConvGeometry.of(g, g.nodes().get(0));
    assertTrue(PanelWeights.applies(geo, B8), where + ": the vector path applies");
    Shape y = g.type("y").shape();
    byte[] expected = NaiveConv.run(x, k[0], k[2], k[3], qm.layer("y"), k[4], k[5], k[6], k[7], k[8], k[9],
        new int[] {k[10], k[11], k[12], k[13]}, 1, (int) y.dim(2), (int) y.dim(3));
    assertTrue(Int8Executor.Options.vectorAvailable(), "the test JVM lacks --add-modules=jdk.incubator.vector");
    for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
      for (int threads = 1; threads <= 2; threads++) {
        assertArrayEquals(expected, Nets.run(qm, new Int8Executor.Options(threads, path, B8, true), x),
            where + " " + path + " threads " + threads);
      }
    }
    return expected;
  }
}
