package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class Int8ConvTest {
  private static final Int8Executor.Options DENSE_1 =
      new Int8Executor.Options(1, Int8Executor.ConvPath.DENSE, BlockShape.AIE2_DEFAULT);

  private static Graph conv1x1(float[] w, int cin, long positions, Attributes attrs) {
    return Nets.graph("c", new long[] {1, cin, 1, positions}, "y", b -> {
      b.addInitializer("w", Nets.floats(w, w.length / cin, cin, 1, 1));
      b.add(OpType.CONV, "y", attrs, "x", "w");
    });
  }

  @Test
  void requantizationRoundsTiesToEven() {
    // w = 0.5 at fix 7 (64), x at fix 4, y at fix 3: y = round(64 * x / 2^8)
    QuantizedModel m = Nets.quantize(conv1x1(new float[] {0.5f}, 1, 7, Attributes.empty()), Map.of("x", 4, "y", 3));
    byte[] x = {2, 6, -2, -6, 127, -128, 5};
    // 0.5 -> 0, 1.5 -> 2, -0.5 -> 0, -1.5 -> -2, 31.75 -> 32, -32, 1.25 -> 1
    byte[] expected = {0, 2, 0, -2, 32, -32, 1};
    assertArrayEquals(expected, Nets.run(m, DENSE_1, x));
    assertArrayEquals(expected, Nets.run(m, x));
  }

  @Test
  void outputsSaturateAndFusedActivationsClamp() {
    float[] ones = {1f, 1f};
    byte[] x = {100, -100, 50, -100, 3, 7, -1, -100}; // channel 0 then channel 1, 4 positions
    // w = 1 at fix 6, x and y at fix 0: y = x0 + x1, saturated
    QuantizedModel plain = Nets.quantize(conv1x1(ones, 2, 4, Attributes.empty()), Map.of("x", 0, "y", 0));
    assertArrayEquals(new byte[] {103, -93, 49, -128}, Nets.run(plain, x));
    QuantizedModel relu = Nets.quantize(conv1x1(ones, 2, 4, Attributes.empty().with("activation", "relu")),
        Map.of("x", 0, "y", 0));
    assertArrayEquals(new byte[] {103, 0, 49, 0}, Nets.run(relu, x));
    Attributes relu6 = Attributes.empty().with("activation", "clip").with("activation_min", 0f)
        .with("activation_max", 6f);
    QuantizedModel clip = Nets.quantize(conv1x1(ones, 2, 4, relu6), Map.of("x", 0, "y", 2));
    // y at fix 2: 4 * (x0 + x1) saturates to 127, then clamps to [0, 24]
    assertArrayEquals(new byte[] {24, 0, 24, 0}, Nets.run(clip, x));
  }

  @Test
  void paddedStridedConvWithPerChannelShiftsByHand() {
    // x 3x3 at fix 0; out0 = sum of the 3x3 window (w = 1: fix 6, q 64), out1 = -8 * centre (fix 3, q -64)
    float[] w = new float[18];
    java.util.Arrays.fill(w, 0, 9, 1f);
    w[9 + 4] = -8f;
    Attributes a = Attributes.empty().with("kernel_shape", new long[] {3, 3}).with("strides", new long[] {2, 2})
        .with("pads", new long[] {1, 1, 1, 1});
    for (boolean relu : new boolean[] {false, true}) {
      Graph g = Nets.graph("c", new long[] {1, 1, 3, 3}, "y", b -> {
        b.addInitializer("w", Nets.floats(w, 2, 1, 3, 3));
        b.add(OpType.CONV, "y", relu ? a.with("activation", "relu") : a, "x", "w");
      });
      QuantizedModel m = Quantizer.withFixPositions(g, Map.of("x", 0, "y", -3), QuantOptions.defaults().withPerChannel(true));
      assertArrayEquals(new int[] {6, 3}, m.layer("y").weightFix());
      assertArrayEquals(new int[] {9, 6}, m.layer("y").shift()); // inputFix + weightFix - outputFix
      byte[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
      // out0: windows at (0,0) (0,2) (2,0) (2,2) sum to 12, 16, 24, 28, in steps of 8: 1.5, 2, 3, 3.5 -> 2, 2, 3, 4
      // out1: -8 * centres 1, 3, 7, 9 in steps of 8: -1, -3, -7, -9 (ReLU: 0)
      byte[] expected = relu ? new byte[] {2, 2, 3, 4, 0, 0, 0, 0} : new byte[] {2, 2, 3, 4, -1, -3, -7, -9};
      for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
        assertArrayEquals(expected, Nets.run(m, new Int8Executor.Options(1, path, new BlockShape(1, 1)), x),
            path + (relu ? " relu" : ""));
      }
    }
  }

  /**
   * Sums that climb past 2^24, where float stops holding every integer, and come back: 1152 channels of
   * weight +127 then 1152 of -127 on inputs of 125..127 peak at about 1.8e7 and end at exactly 0. The
   * executor's float sums must go to int32 in time (every 1024 products) for the outputs to be exactly 0.
   */
  @Test
  void floatSumsMoveToInt32BeforeTheyPassTwoToTheTwentyFour() {
    int half = 1152;
    for (int groups : new int[] {1, 2}) {
      int cin = 2 * half * groups;
      float[] w = new float[groups * cin / groups];
      for (int i = 0; i < w.length; i++) {
        w[i] = (i % (2 * half)) < half ? 127 / 64f : -127 / 64f; // q = +-127 at fix 6
      }
      Graph g = Nets.graph("climb", new long[] {1, cin, 1, 3}, "y", b -> {
        b.addInitializer("w", Nets.floats(w, groups, cin / groups, 1, 1));
        b.add(OpType.CONV, "y", Attributes.empty().with("group", (long) groups), "x", "w");
      });
      QuantizedModel m = Quantizer.withFixPositions(g, Map.of("x", 0, "y", 6), QuantOptions.defaults());
      byte[] x = new byte[cin * 3];
      for (int c = 0; c < cin; c++) {
        for (int q = 0; q < 3; q++) {
          x[c * 3 + q] = (byte) (127 - 2 * q);
        }
      }
      for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
        assertArrayEquals(new byte[groups * 3], Nets.run(m, new Int8Executor.Options(1, path, new BlockShape(8, 8)), x),
            path + " groups " + groups);
      }
    }
  }

  /** The same climb past 2^24 and back for 8 output channels, the shape the vector micro-kernels take. */
  @Test
  void vectorPathSumsMoveToInt32BeforeTheyPassTwoToTheTwentyFour() {
    int half = 1152;
    int cin = 2 * half;
    int cout = 8;
    float[] w = new float[cout * cin];
    for (int i = 0; i < w.length; i++) {
      w[i] = (i % cin) < half ? 127 / 64f : -127 / 64f;
    }
    Graph g = Nets.graph("climb", new long[] {1, cin, 1, 20}, "y", b -> {
      b.addInitializer("w", Nets.floats(w, cout, cin, 1, 1));
      b.add(OpType.CONV, "y", Attributes.empty(), "x", "w");
    });
    QuantizedModel m = Quantizer.withFixPositions(g, Map.of("x", 0, "y", 6), QuantOptions.defaults());
    byte[] x = new byte[cin * 20];
    java.util.Arrays.fill(x, (byte) 127);
    for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
      for (boolean vector : new boolean[] {false, true}) {
        assertArrayEquals(new byte[cout * 20],
            Nets.run(m, new Int8Executor.Options(2, path, new BlockShape(8, 8), vector), x), path + " " + vector);
      }
    }
  }

  @Test
  void gemmByHandInBothWeightLayouts() {
    // B [in 3][out 2] = [[1, -0.5], [0.25, 0.75], [-1, 0.5]]: fix 6, q [[64, -32], [16, 48], [-64, 32]]
    float[] b = {1f, -0.5f, 0.25f, 0.75f, -1f, 0.5f};
    float[] bt = {1f, 0.25f, -1f, -0.5f, 0.75f, 0.5f};
    for (boolean transB : new boolean[] {false, true}) {
      Graph g = Nets.graph("fc", new long[] {1, 3}, "y", gb -> {
        gb.addInitializer("B", transB ? Nets.floats(bt, 2, 3) : Nets.floats(b, 3, 2));
        gb.addInitializer("C", Nets.floats(new float[] {0.1f, -2f}, 2));
        gb.add(OpType.GEMM, "y", Attributes.empty().with("transB", transB ? 1L : 0L), "x", "B", "C");
      });
      QuantizedModel m = Quantizer.withFixPositions(g, Map.of("x", 2, "y", 3), QuantOptions.defaults());
      // bias at fix 2 + 6 = 8: 0.1 * 256 = 25.6 -> 26, -2 * 256 = -512; shift 8 - 3 = 5
      assertArrayEquals(new int[] {26, -512}, m.layer("y").bias());
      // x = 5, -3, 10 (1.25, -0.75, 2.5): acc0 = 26 + 320 - 48 - 640 = -342, / 32 = -10.69 -> -11
      //                                   acc1 = -512 - 160 - 144 + 320 = -496, / 32 = -15.5 -> -16 (tie to even)
      for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
        assertArrayEquals(new byte[] {-11, -16}, Nets.run(m, DENSE_1.withPath(path), new byte[] {5, -3, 10}),
            "transB " + transB + " " + path);
      }
    }
  }

  @Test
  void convsAgreeWithANaiveIntegerConvOverRandomGeometriesPathsAndThreads() {
    SplittableRandom r = new SplittableRandom(2026);
    BlockShape[] blocks = {new BlockShape(8, 8), new BlockShape(4, 4), new BlockShape(2, 2), new BlockShape(1, 1),
        new BlockShape(4, 2)};
    for (int trial = 0; trial < 80; trial++) {
      int groups = 1;
      int c = 1 + r.nextInt(20);
      int m = 1 + r.nextInt(24);
      int shape = r.nextInt(4);
      if (shape == 1) {
        groups = c; // depthwise (times a multiplier)
        m = c * (1 + r.nextInt(2));
      } else if (shape == 2 && c % 2 == 0) {
        groups = 2;
        m = 2 * (1 + r.nextInt(12));
      }
      int h = 1 + r.nextInt(12);
      int w = 1 + r.nextInt(12);
      int kh = 1 + r.nextInt(Math.min(5, h + 2));
      int kw = 1 + r.nextInt(Math.min(5, w + 2));
      int[] pads = {r.nextInt(3), r.nextInt(3), r.nextInt(3), r.nextInt(3)};
      int sh = 1 + r.nextInt(3);
      int sw = 1 + r.nextInt(3);
      int dh = kh > 1 && r.nextInt(4) == 0 ? 2 : 1;
      int dw = kw > 1 && r.nextInt(4) == 0 ? 2 : 1;
      if (h + pads[0] + pads[2] < (kh - 1) * dh + 1 || w + pads[1] + pads[3] < (kw - 1) * dw + 1) {
        continue;
      }
      String act = new String[] {null, "relu", "clip"}[r.nextInt(3)];
      BlockShape block = blocks[r.nextInt(blocks.length)];
      checkAgainstNaive(r, c, m, h, w, kh, kw, sh, sw, dh, dw, pads, groups, act, r.nextBoolean(), block,
          "trial " + trial + ": " + c + "->" + m + " g" + groups + " " + h + "x" + w + " k" + kh + "x" + kw + " s" + sh
              + "x" + sw + " d" + dh + "x" + dw + " block " + block);
    }
  }

  /** Convs wide enough that their input channels are cut into several im2col tiles, and grouped ones. */
  @Test
  void tiledConvsAgreeWithTheNaiveConv() {
    SplittableRandom r = new SplittableRandom(99);
    int[][] cases = {
        // c, m, h, w, k, stride, groups
        {64, 24, 9, 7, 3, 1, 1}, {40, 16, 6, 6, 5, 2, 1}, {300, 16, 4, 4, 1, 1, 1}, {64, 64, 10, 10, 3, 1, 64},
        {96, 48, 5, 5, 3, 2, 3}, {72, 16, 3, 3, 3, 1, 1}};
    for (int[] c : cases) {
      checkAgainstNaive(r, c[0], c[1], c[2], c[3], c[4], c[4], c[5], c[5], 1, 1,
          new int[] {c[4] / 2, c[4] / 2, c[4] / 2, c[4] / 2}, c[6], "relu", r.nextBoolean(),
          new BlockShape(8, 8), java.util.Arrays.toString(c));
    }
  }

  private static void checkAgainstNaive(SplittableRandom r, int c, int m, int h, int w, int kh, int kw, int sh,
      int sw, int dh, int dw, int[] pads, int groups, String act, boolean perChannel, BlockShape block,
      String where) {
    int cpg = c / groups;
    float[] wf = new float[m * cpg * kh * kw];
    for (int i = 0; i < wf.length; i++) {
      wf[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextGaussian();
    }
    float[] bias = new float[m];
    for (int i = 0; i < bias.length; i++) {
      bias[i] = (float) r.nextGaussian();
    }
    Graph g = Nets.graph("conv", new long[] {1, c, h, w}, "y", b -> {
      b.addInitializer("w", Nets.floats(wf, m, cpg, kh, kw));
      b.addInitializer("b", Nets.floats(bias, m));
      Attributes a = Attributes.empty().with("kernel_shape", new long[] {kh, kw}).with("strides", new long[] {sh, sw})
          .with("dilations", new long[] {dh, dw}).with("pads", new long[] {pads[0], pads[1], pads[2], pads[3]})
          .with("group", (long) groups);
      if (act != null) {
        a = a.with("activation", act);
        if (act.equals("clip")) {
          a = a.with("activation_min", -1f).with("activation_max", 2f);
        }
      }
      b.add(OpType.CONV, "y", a, "x", "w", "b");
    });
    QuantizedModel qm = Quantizer.withFixPositions(g, Map.of("x", r.nextInt(8), "y", r.nextInt(8)),
        QuantOptions.defaults().withPerChannel(perChannel));
    byte[] x = new byte[c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (byte) r.nextInt(256);
    }
    Shape y = g.type("y").shape();
    byte[] expected = NaiveConv.run(x, c, h, w, qm.layer("y"), kh, kw, sh, sw, dh, dw, pads, groups, (int) y.dim(2),
        (int) y.dim(3));
    for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
      for (int threads = 1; threads <= 2; threads++) {
        for (boolean vector : new boolean[] {false, true}) {
          assertArrayEquals(expected, Nets.run(qm, new Int8Executor.Options(threads, path, block, vector), x),
              where + " " + path + " threads " + threads + " vector " + vector);
        }
      }
    }
  }

  @Test
  void fullyConnectedLayersAgreeWithTheNaiveConvOnAOnePixelImage() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      int in = 1 + r.nextInt(40);
      int out = 1 + r.nextInt(30);
      boolean transB = r.nextBoolean();
      float[] wf = new float[in * out];
      for (int i = 0; i < wf.length; i++) {
        wf[i] = r.nextInt(3) == 0 ? 0f : (float) r.nextGaussian();
      }
      Graph g = Nets.graph("fc", new long[] {1, in}, "y", b -> {
        b.addInitializer("B", transB ? Nets.floats(wf, out, in) : Nets.floats(wf, in, out));
        b.addInitializer("C", Nets.floats(new float[] {0.25f}, 1));
        b.add(OpType.GEMM, "y", Attributes.empty().with("transB", transB ? 1L : 0L).with("alpha", 0.5f), "x", "B", "C");
      });
      QuantizedModel qm = Quantizer.withFixPositions(g, Map.of("x", 3, "y", 2), QuantOptions.defaults());
      byte[] x = new byte[in];
      for (int i = 0; i < in; i++) {
        x[i] = (byte) r.nextInt(256);
      }
      byte[] expected = NaiveConv.run(x, in, 1, 1, qm.layer("y"), 1, 1, 1, 1, 1, 1, new int[4], 1, 1, 1);
      for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
        assertArrayEquals(expected, Nets.run(qm, new Int8Executor.Options(2, path, new BlockShape(4, 4)), x),
            "trial " + trial + " " + path);
      }
    }
  }
  @Test
  void aLargeClassifierWithWholeZeroChunksGivesTheSameBytesOnEveryPath() {
    SplittableRandom r = new SplittableRandom(9);
    int in = 300;
    int out = 264;
    float[] wf = new float[in * out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        // whole runs of 32 zero weights in most rows, so the sparse dot walk skips chunks
        wf[o * in + i] = (o % 3 != 0 && i / 32 % 2 == 0) ? 0f : (float) r.nextGaussian();
      }
    }
    Graph g = Nets.graph("fc", new long[] {1, in}, "y", b -> {
      b.addInitializer("B", Nets.floats(wf, out, in));
      b.addInitializer("C", Nets.floats(new float[] {0.25f}, 1));
      b.add(OpType.GEMM, "y", Attributes.empty().with("transB", 1L), "x", "B", "C");
    });
    QuantizedModel qm = Quantizer.withFixPositions(g, Map.of("x", 1, "y", -5), QuantOptions.defaults());
    byte[] x = new byte[in];
    for (int i = 0; i < in; i++) {
      x[i] = (byte) r.nextInt(256);
    }
    byte[] expected = NaiveConv.run(x, in, 1, 1, qm.layer("y"), 1, 1, 1, 1, 1, 1, new int[4], 1, 1, 1);
    long unsaturated = 0;
    for (byte v : expected) {
      unsaturated += v > -128 && v < 127 ? 1 : 0;
    }
    assertTrue(unsaturated > out / 2, "most outputs inside the int8 range: " + unsaturated);
    for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
      for (int threads = 1; threads <= 2; threads++) {
        for (boolean vector : new boolean[] {false, true}) {
          assertArrayEquals(expected, Nets.run(qm, new Int8Executor.Options(threads, path, new BlockShape(8, 8),
              vector), x), path + " threads " + threads + " vector " + vector);
        }
      }
    }
  }
}
