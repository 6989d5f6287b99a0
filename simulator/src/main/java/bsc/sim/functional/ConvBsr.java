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
    int[] wv = k.weights(blocks * taps * 64);
    for (int i = 0; i < blocks * taps * 64; i++) {
      wv[i] = m[values + i];
    }
    int[] pixel = k.pixelOffsets(pixels);
    for (int oy = 0, p = 0; oy < a.outRows(); oy++) {
      for (int ox = 0; ox < a.outCols(); ox++, p++) {
        pixel[p] = in + (oy * a.strideH() * a.inCols() + ox * a.strideW()) * a.inChannels();
      }
    }
    int[] tap = k.tapOffsets(taps);
    for (int t = 0; t < taps; t++) {
      tap[t] = ((t / a.kernelW()) * a.dilationH() * a.inCols() + (t % a.kernelW()) * a.dilationW()) * a.inChannels();
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
      int[] channel = k.blockChannels(nb);
      for (int b = 0; b < nb; b++) {
        channel[b] = TileKernels.u16(m, cols + 2 * (block + b)) * 8;
      }
      for (int p = 0; p < pixels; p++) {
        blockRowAtPixel(m, wv, pixel[p], tap, taps, channel, nb, block, acc, p * oc + co, lanes);
      }
      block += nb;
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

  /**
   * acc[at + n] += sum over the block row's blocks b, taps t and rows j of w[b][t][j][n] * in[px + tap[t] +
   * channel[b] + j], the 8 lanes held in locals (one output pixel, one block row).
   */
  private static void blockRowAtPixel(byte[] m, int[] w, int px, int[] tap, int taps, int[] channel, int nb,
      int block0, int[] acc, int at, int lanes) {
    int a0 = acc[at];
    int a1 = lanes > 1 ? acc[at + 1] : 0;
    int a2 = lanes > 2 ? acc[at + 2] : 0;
    int a3 = lanes > 3 ? acc[at + 3] : 0;
    int a4 = lanes > 4 ? acc[at + 4] : 0;
    int a5 = lanes > 5 ? acc[at + 5] : 0;
    int a6 = lanes > 6 ? acc[at + 6] : 0;
    int a7 = lanes > 7 ? acc[at + 7] : 0;
    for (int b = 0; b < nb; b++) {
      int ch = px + channel[b];
      int wb = (block0 + b) * taps * 64;
      for (int t = 0; t < taps; t++, wb += 64) {
        int x0 = ch + tap[t];
        for (int j = 0; j < 8; j++) {
          int x = m[x0 + j];
          if (x != 0) {
            int q = wb + j * 8;
            a0 += w[q] * x;
            a1 += w[q + 1] * x;
            a2 += w[q + 2] * x;
            a3 += w[q + 3] * x;
            a4 += w[q + 4] * x;
            a5 += w[q + 5] * x;
            a6 += w[q + 6] * x;
            a7 += w[q + 7] * x;
          }
        }
      }
    }
    int[] v = {a0, a1, a2, a3, a4, a5, a6, a7};
    for (int n = 0; n < lanes; n++) {
      acc[at + n] = v[n];
    }
  }
}
