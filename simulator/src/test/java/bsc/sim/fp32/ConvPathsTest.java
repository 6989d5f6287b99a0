package bsc.sim.fp32;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each 2-D conv path of {@link ConvKernel} (oneDNN primitive, GEMM, im2col + GEMM, libnd4j's conv) against
 * a direct evaluation of the ONNX Conv definition, on batches of two with pads, strides, dilations, groups
 * and fused activations. Convs with constant weights take the primitive (or, 1x1, the GEMM); with the
 * weight a graph input they take the per-call paths.
 */
class ConvPathsTest {
  /** A conv's attributes as the direct evaluation reads them; pads are {top, left, bottom, right}. */
  record Conv(int stride, int dilation, int group, long[] pads, String activation) {
    static Conv of(int stride, int pad) {
      return new Conv(stride, 1, 1, new long[] {pad, pad, pad, pad}, null);
    }

    Attributes attrs() {
      Attributes a = Attributes.empty().with("strides", new long[] {stride, stride})
          .with("dilations", new long[] {dilation, dilation}).with("group", (long) group).with("pads", pads);
      if (activation != null) {
        a = a.with("activation", activation).with("activation_alpha", 0.1f)
            .with("activation_min", -0.5f).with("activation_max", 0.75f);
      }
      return a;
    }

    float activate(double v) {
      if (activation == null) {
        return (float) v;
      }
      return (float) switch (activation) {
        case "relu" -> Math.max(0, v);
        case "leaky_relu" -> v < 0 ? 0.1 * v : v;
        case "clip" -> Math.min(0.75, Math.max(-0.5, v));
        default -> throw new IllegalArgumentException(activation);
      };
    }
  }

  /**
   * y[n][o][i][j] = act(b[o] + sum over c in o's group, ky, kx of
   * x[n][c][i*s - pt + ky*d][j*s - pl + kx*d] * w[o][c - group start][ky][kx]).
   */
  static float[] direct(float[] x, long[] xs, float[] w, long[] ws, float[] b, Conv cv) {
    int n = (int) xs[0], c = (int) xs[1], h = (int) xs[2], wd = (int) xs[3];
    int o = (int) ws[0], cg = (int) ws[1], kh = (int) ws[2], kw = (int) ws[3];
    int s = cv.stride(), d = cv.dilation(), og = o / cv.group();
    int pt = (int) cv.pads()[0], pl = (int) cv.pads()[1];
    int oh = (h + pt + (int) cv.pads()[2] - ((kh - 1) * d + 1)) / s + 1;
    int ow = (wd + pl + (int) cv.pads()[3] - ((kw - 1) * d + 1)) / s + 1;
    float[] y = new float[n * o * oh * ow];
    for (int bn = 0; bn < n; bn++) {
      for (int oc = 0; oc < o; oc++) {
        int c0 = oc / og * cg;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double acc = b[oc];
            for (int ic = 0; ic < cg; ic++) {
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  int iy = i * s - pt + ky * d;
                  int ix = j * s - pl + kx * d;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    acc += x[((bn * c + c0 + ic) * h + iy) * wd + ix] * w[((oc * cg + ic) * kh + ky) * kw + kx];
                  }
                }
              }
            }
            y[((bn * o + oc) * oh + i) * ow + j] = cv.activate(acc);
          }
        }
      }
    }
    return y;
  }

  private static void check(long cin, long size, long cout, long k, Conv cv, boolean weightAsInput) {
    Random r = new Random(cin * 31 + cout * 7 + k + cv.stride());
    Tensor x = Fp32ExecutorTest.random(r, 2, cin, size, size);
    Tensor w = Fp32ExecutorTest.random(r, cout, cin / cv.group(), k, k);
    Tensor b = Fp32ExecutorTest.random(r, cout);
    Graph.Builder g = Graph.builder("conv").addInput("x", TensorType.of(DataType.FLOAT, 2, cin, size, size))
        .addInitializer("b", b);
    if (weightAsInput) {
      g.addInput("w", TensorType.of(DataType.FLOAT, w.shape().toArray()));
    } else {
      g.addInitializer("w", w);
    }
    g.add(OpType.CONV, "conv", cv.attrs(), "x", "w", "b");
    float[] want = direct(x.toFloats(), x.shape().toArray(), w.toFloats(), w.shape().toArray(), b.toFloats(), cv);
    Map<String, Tensor> in = weightAsInput ? Map.of("x", x, "w", w) : Map.of("x", x);
    try (Fp32Executor e = new Fp32Executor(g.addOutput("conv").build())) {
      for (int run = 0; run < 2; run++) {
        float[] got = e.run(in).get("conv").toFloats();
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], 1e-4f * (1 + Math.abs(want[i])), "element " + i + ", run " + run);
        }
      }
    }
  }

  @Test
  void primitiveConvMatchesTheDefinitionWithPadsAndStrides() {
    check(5, 7, 4, 3, Conv.of(1, 1), false);
    check(3, 11, 16, 7, Conv.of(2, 3), false);
    check(5, 4, 64, 3, Conv.of(2, 1), false);
  }

  @Test
  void primitiveConvMatchesTheDefinitionWithAsymmetricPadsAndDilations() {
    check(4, 9, 6, 3, new Conv(1, 1, 1, new long[] {0, 1, 2, 0}, null), false);
    check(4, 9, 6, 3, new Conv(2, 2, 1, new long[] {2, 2, 1, 2}, null), false);
    check(6, 8, 5, 1, new Conv(2, 1, 1, new long[] {0, 0, 0, 0}, null), false);
  }

  @Test
  void primitiveConvMatchesTheDefinitionForGroupedAndDepthwiseConvs() {
    check(6, 7, 4, 3, new Conv(1, 1, 2, new long[] {1, 1, 1, 1}, null), false);
    check(8, 7, 16, 3, new Conv(2, 1, 8, new long[] {1, 1, 1, 1}, null), false);
  }

  @Test
  void primitiveConvFusesEachActivationAsItsPostOp() {
    for (String act : new String[] {"relu", "leaky_relu", "clip"}) {
      check(5, 6, 8, 3, new Conv(1, 1, 1, new long[] {1, 1, 1, 1}, act), false);
    }
  }

  @Test
  void pointwiseGemmMatchesTheDefinition() {
    check(8, 5, 6, 1, Conv.of(1, 0), true);
    check(8, 5, 6, 1, new Conv(1, 1, 1, new long[4], "relu"), true);
    check(8, 5, 6, 1, new Conv(1, 1, 1, new long[4], "relu"), false);
  }

  @Test
  void stridedPointwiseAsSubsampleAndGemmMatchesTheDefinition() {
    check(8, 5, 6, 1, Conv.of(2, 0), true);
  }

  @Test
  void im2colGemmForAWeightHeavyConvMatchesTheDefinitionIncludingThePaddedBorder() {
    // Output 2x2 per image, batch 2: Cout 64 >= 4 * 2 * 2 * 2 takes the im2col path.
    check(5, 4, 64, 3, Conv.of(2, 1), true);
    check(5, 3, 96, 3, Conv.of(1, 1), true);
  }

  @Test
  void libnd4jConvMatchesTheDefinition() {
    check(5, 7, 4, 3, Conv.of(1, 1), true);
    check(6, 7, 4, 3, new Conv(1, 2, 2, new long[] {0, 1, 2, 0}, "relu"), true);
  }
}
