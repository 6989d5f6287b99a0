package bsc.sim.int8;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector conv path's input layout, which lets every tap of every conv read its operands in place
 * instead of from copied im2col rows: each input channel widened to float and zero-padded, split by stride
 * phase into planes of {@link #height()} x {@link #width()}. Phase (a, b) of channel c holds padded input
 * row {@code i * strideH + a}, column {@code j * strideW + b} at (i, j), so tap (ky, kx) of output (oy, ox)
 * is that channel's plane of phase ((ky * dilationH) mod strideH, (kx * dilationW) mod strideW) at
 * (oy + ky * dilationH / strideH, ox + kx * dilationW / strideW): at {@code offset(c, t) + oy * width + ox}.
 *
 * <p>The convs therefore compute outputs on a grid of {@code outHeight x width} positions ({@code q = oy *
 * width + ox}); the columns {@code ox >= outWidth} read neighbouring values and are discarded. A 1x1
 * stride-1 conv without padding has the input itself as its one plane (width = outWidth: nothing
 * discarded); a 3x3 stride-1 pad-1 conv has planes 2 wider than the input. Only the phases some tap reads
 * are laid out (a 1x1 stride-2 conv: one plane per channel, a quarter of the input).
 */
final class Planes {
  private static final VectorSpecies<Byte> B32 = ByteVector.SPECIES_256;
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
  private final ConvGeometry g;
  private final int height;
  private final int width;
  /** Index among the laid-out phases of phase a * strideW + b, or -1 when no tap reads it. */
  private final int[] phaseIndex;
  private final int phases;
  private final int[] phaseRow;
  private final int[] phaseCol;

  Planes(ConvGeometry g) {
    this.g = g;
    this.height = g.outHeight() + (g.kernelH() - 1) * g.dilationH() / g.strideH();
    this.width = g.outWidth() + (g.kernelW() - 1) * g.dilationW() / g.strideW();
    this.phaseIndex = new int[g.strideH() * g.strideW()];
    java.util.Arrays.fill(phaseIndex, -1);
    int n = 0;
    for (int ky = 0; ky < g.kernelH(); ky++) {
      for (int kx = 0; kx < g.kernelW(); kx++) {
        int p = ky * g.dilationH() % g.strideH() * g.strideW() + kx * g.dilationW() % g.strideW();
        if (phaseIndex[p] < 0) {
          phaseIndex[p] = n++;
        }
      }
    }
    this.phases = n;
    this.phaseRow = new int[n];
    this.phaseCol = new int[n];
    for (int p = 0; p < phaseIndex.length; p++) {
      if (phaseIndex[p] >= 0) {
        phaseRow[phaseIndex[p]] = p / g.strideW();
        phaseCol[phaseIndex[p]] = p % g.strideW();
      }
    }
  }

  int height() {
    return height;
  }

  /** Planes per input channel: the stride phases some tap reads. */
  int phases() {
    return phases;
  }

  /** Grid columns per output row: the output width plus the columns discarded. */
  int width() {
    return width;
  }

  /** Grid positions: output rows times {@link #width()}. */
  int positions() {
    return g.outHeight() * width;
  }

  /** Whether the grid is the output itself (no discarded column). */
  boolean dense() {
    return width == g.outWidth();
  }

  /** Floats of the laid-out input, with room for a strip read past the last plane. */
  int length() {
    return g.inChannels() * phases * height * width + width + 4 * PanelMac.LANES;
  }

  /** Where channel c's tap t starts: its operand for grid position q is at {@code offset(c, t) + q}. */
  int offset(int c, int t) {
    int ky = t / g.kernelW();
    int kx = t - ky * g.kernelW();
    int dy = ky * g.dilationH();
    int dx = kx * g.dilationW();
    int p = phaseIndex[dy % g.strideH() * g.strideW() + dx % g.strideW()];
    return ((c * phases + p) * height + dy / g.strideH()) * width + dx / g.strideW();
  }

  /** Lays out channels [cLo, cHi) of one sample's input x into {@code planes}. */
  void fill(byte[] x, float[] planes, int cLo, int cHi) {
    int h = g.inHeight();
    int w = g.inWidth();
    int sh = g.strideH();
    int sw = g.strideW();
    if (sh == 1 && sw == 1 && g.padTop() == 0 && g.padLeft() == 0 && height == h && width == w) {
      VectorLoops.widen(x, cLo * h * w, planes, cLo * h * w, (cHi - cLo) * h * w);
      return;
    }
    for (int c = cLo; c < cHi; c++) {
      for (int p = 0; p < phases; p++) {
        int base = (c * phases + p) * height * width;
        // padded column j * sw + b is input column j * sw + b - padLeft: those inside [0, w) are j in [jLo, jHi)
        int dx = phaseCol[p] - g.padLeft();
        int jLo = Math.min(width, Math.max(0, Math.floorDiv(-dx + sw - 1, sw)));
        int jHi = Math.max(jLo, Math.min(width, Math.floorDiv(w - 1 - dx, sw) + 1));
        for (int i = 0; i < height; i++) {
          int at = base + i * width;
          int iy = i * sh + phaseRow[p] - g.padTop();
          if (iy < 0 || iy >= h || jLo == jHi) {
            java.util.Arrays.fill(planes, at, at + width, 0f);
            continue;
          }
          java.util.Arrays.fill(planes, at, at + jLo, 0f);
          int src = (c * h + iy) * w + jLo * sw + dx;
          if (sw == 1) {
            VectorLoops.widen(x, src, planes, at + jLo, jHi - jLo);
          } else if (sw == 2) {
            widenEven(x, src, planes, at + jLo, jHi - jLo);
          } else {
            for (int j = jLo; j < jHi; j++, src += sw) {
              planes[at + j] = x[src];
            }
          }
          java.util.Arrays.fill(planes, at + jHi, at + width, 0f);
        }
      }
    }
  }

  /**
   * y[to + i] = x[from + 2i] for i < n: a stride-2 phase of an input row. 32 bytes read as 16 shorts hold
   * the even bytes in their low halves, sign-extended by a shift left and back (no lane shuffle). Measured
   * against the scalar loop on resnet50's stride-2 convs (one thread, CPU time): 1.39x and 1.52x on
   * layer2's rows of 28, about 1.05x on the shorter rows of layer3 and layer4, which have no full vector (a
   * masked store for their tail was 2x slower than the scalar loop in JDK 17).
   */
  private static void widenEven(byte[] x, int from, float[] y, int to, int n) {
    int i = 0;
    for (; i + 16 <= n && from + 2 * i + 32 <= x.length; i += 16) {
      ShortVector s = ByteVector.fromArray(B32, x, from + 2 * i).reinterpretAsShorts();
      ((FloatVector) s.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8)
          .convertShape(VectorOperators.S2F, F, 0)).intoArray(y, to + i);
    }
    for (; i < n; i++) {
      y[to + i] = x[from + 2 * i];
    }
  }
}
