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
 * Each 2-D conv path of {@link ConvKernel} (GEMM, im2col + GEMM, oneDNN conv) against a direct
 * evaluation of the ONNX Conv definition, on batches of two with pads and strides.
 */
class ConvPathsTest {
  /** y[n][o][i][j] = b[o] + sum over c, ky, kx of x[n][c][i*s - p + ky][j*s - p + kx] * w[o][c][ky][kx]. */
  static float[] direct(float[] x, long[] xs, float[] w, long[] ws, float[] b, int s, int p) {
    int n = (int) xs[0], c = (int) xs[1], h = (int) xs[2], wd = (int) xs[3];
    int o = (int) ws[0], kh = (int) ws[2], kw = (int) ws[3];
    int oh = (h + 2 * p - kh) / s + 1;
    int ow = (wd + 2 * p - kw) / s + 1;
    float[] y = new float[n * o * oh * ow];
    for (int bn = 0; bn < n; bn++) {
      for (int oc = 0; oc < o; oc++) {
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double acc = b[oc];
            for (int ic = 0; ic < c; ic++) {
              for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                  int iy = i * s - p + ky;
                  int ix = j * s - p + kx;
                  if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                    acc += x[((bn * c + ic) * h + iy) * wd + ix] * w[((oc * c + ic) * kh + ky) * kw + kx];
                  }
                }
              }
            }
            y[((bn * o + oc) * oh + i) * ow + j] = (float) acc;
          }
        }
      }
    }
    return y;
  }

  private static void check(long cin, long size, long cout, long k, int stride, int pad) {
    Random r = new Random(cin * 31 + cout * 7 + k + stride);
    Tensor x = Fp32ExecutorTest.random(r, 2, cin, size, size);
    Tensor w = Fp32ExecutorTest.random(r, cout, cin, k, k);
    Tensor b = Fp32ExecutorTest.random(r, cout);
    Graph.Builder g = Graph.builder("conv").addInput("x", TensorType.of(DataType.FLOAT, 2, cin, size, size))
        .addInitializer("w", w).addInitializer("b", b);
    g.add(OpType.CONV, "conv", Attributes.empty().with("strides", new long[] {stride, stride})
        .with("pads", new long[] {pad, pad, pad, pad}), "x", "w", "b");
    Fp32Executor e = new Fp32Executor(g.addOutput("conv").build());
    float[] want = direct(x.toFloats(), x.shape().toArray(), w.toFloats(), w.shape().toArray(), b.toFloats(),
        stride, pad);
    for (int run = 0; run < 2; run++) {
      float[] got = e.run(Map.of("x", x)).get("conv").toFloats();
      assertEquals(want.length, got.length);
      for (int i = 0; i < want.length; i++) {
        assertEquals(want[i], got[i], 1e-4f * (1 + Math.abs(want[i])), "element " + i + ", run " + run);
      }
    }
  }

  @Test
  void pointwiseGemmMatchesTheDefinition() {
    check(8, 5, 6, 1, 1, 0);
  }

  @Test
  void stridedPointwiseAsSubsampleAndGemmMatchesTheDefinition() {
    check(8, 5, 6, 1, 2, 0);
  }

  @Test
  void im2colGemmForAWeightHeavyConvMatchesTheDefinitionIncludingThePaddedBorder() {
    // Output 2x2 per image, batch 2: Cout 64 >= 4 * 2 * 2 * 2 takes the im2col path.
    check(5, 4, 64, 3, 2, 1);
    check(5, 3, 96, 3, 1, 1);
  }

  @Test
  void onednnConvMatchesTheDefinition() {
    check(5, 7, 4, 3, 1, 1);
  }
}
