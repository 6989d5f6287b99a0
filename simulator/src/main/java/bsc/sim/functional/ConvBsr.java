package bsc.sim.functional;

import bsc.aie2.program.KernelCall;
import bsc.ir.BscException;
import bsc.sparsify.quant.FixedPoint;

/**
 * CONV_BSR on one core tile (docs/PROGRAM.md 6 and 7): per block row of the chunk, per listed block column,
 * per tap, the 8x8 block times the input pixels' 8 channels. Accumulators start at the chunk's bias (or 0
 * when it has none), or at the INT32 partial sums in the output slot ({@code accumulate}); the result is
 * requantized with the chunk's per-channel shift and clamped ({@code requantize}) or stored as INT32.
 */
final class ConvBsr {
  private ConvBsr() {}

  static void run(byte[] m, KernelCall a, int in, int out, int w, TileKernels k) {
    int rows = TileKernels.u16(m, w);
    int blocks = TileKernels.u16(m, w + 2);
    int taps = TileKernels.u16(m, w + 4);
    boolean hasBias = (TileKernels.u16(m, w + 6) & 1) != 0;
    if (taps != a.kernelH() * a.kernelW()) {
      throw new BscException("conv chunk", taps + " taps for a " + a.kernelH() + "x" + a.kernelW() + " kernel");
    }
    int entries = w + 8;
    int cols = entries + 4 * rows;
    int biasAt = w + TileKernels.align(8 + 4 * rows + 2 * blocks, 4);
    int shiftAt = biasAt + 32 * rows;
    int values = w + TileKernels.align(biasAt - w + 40 * rows, 16);
    int oc = a.outChannels();
    int pixels = a.outRows() * a.outCols();
    int[] acc = k.accumulators(pixels * oc);
    if (a.accumulate()) {
      for (int i = 0; i < pixels * oc; i++) {
        acc[i] = TileKernels.i32(m, out + 4 * i);
      }
    } else {
      java.util.Arrays.fill(acc, 0, pixels * oc, 0);
    }
    int block = 0;
    for (int r = 0; r < rows; r++) {
      int co = TileKernels.u16(m, entries + 4 * r);
      int nb = TileKernels.u16(m, entries + 4 * r + 2);
      int lanes = Math.min(8, oc - co);
      if (lanes <= 0 || block + nb > blocks) {
        throw new BscException("conv chunk", "block row " + r + " at channel " + co + " with " + nb
            + " blocks does not fit a tile of " + oc + " channels and " + blocks + " blocks");
      }
      if (!a.accumulate() && hasBias) {
        for (int n = 0; n < lanes; n++) {
          int b = TileKernels.i32(m, biasAt + 4 * (r * 8 + n));
          for (int p = 0; p < pixels; p++) {
            acc[p * oc + co + n] = b;
          }
        }
      }
      for (int b = 0; b < nb; b++, block++) {
        int ch0 = TileKernels.u16(m, cols + 2 * block) * 8;
        for (int tap = 0; tap < taps; tap++) {
          blockTimesTile(m, a, in, values + (block * taps + tap) * 64, ch0, tap, co, lanes, acc, k.block());
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      int co = TileKernels.u16(m, entries + 4 * r);
      int lanes = Math.min(8, oc - co);
      for (int n = 0; n < lanes; n++) {
        int shift = m[shiftAt + r * 8 + n];
        for (int p = 0; p < pixels; p++) {
          int i = p * oc + co + n;
          if (a.requantize()) {
            m[out + i] = (byte) FixedPoint.clamp(FixedPoint.requantize(acc[i], shift), a.clampMin(), a.clampMax());
          } else {
            TileKernels.putI32(m, out + 4 * i, acc[i]);
          }
        }
      }
    }
  }

  /** acc[pixel][co + n] += sum_j w[j][n] * in[pixel's tap position][ch0 + j], for one block and one tap. */
  private static void blockTimesTile(byte[] m, KernelCall a, int in, int wAt, int ch0, int tap, int co, int lanes,
      int[] acc, int[] w) {
    for (int i = 0; i < 64; i++) {
      w[i] = m[wAt + i];
    }
    int ky = tap / a.kernelW();
    int kx = tap % a.kernelW();
    int oc = a.outChannels();
    int inCh = a.inChannels();
    for (int oy = 0; oy < a.outRows(); oy++) {
      int rowAt = in + (oy * a.strideH() + ky * a.dilationH()) * a.inCols() * inCh + ch0;
      for (int ox = 0; ox < a.outCols(); ox++) {
        int px = rowAt + (ox * a.strideW() + kx * a.dilationW()) * inCh;
        int p = (oy * a.outCols() + ox) * oc + co;
        for (int j = 0; j < 8; j++) {
          int x = m[px + j];
          if (x == 0) {
            continue;
          }
          int wj = j * 8;
          for (int n = 0; n < lanes; n++) {
            acc[p + n] += w[wj + n] * x;
          }
        }
      }
    }
  }
}
