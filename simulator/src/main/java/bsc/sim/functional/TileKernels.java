package bsc.sim.functional;

import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.KernelCall;
import bsc.ir.BscException;
import bsc.sparsify.quant.FixedPoint;
import java.util.List;

/**
 * The core kernels of docs/PROGRAM.md 6 on one core's data memory, one call per iteration. Every integer
 * operation that is not a plain sum of products is {@link FixedPoint}'s, the same functions the INT8 executor
 * (bsc.sim.int8) uses, so a correct program reproduces it bit for bit. The loops follow the emitted C++
 * kernels (codegen-aie2 resources bsc/aie2/kernels): tiles HWC, the conv walking only the block columns its
 * chunk lists.
 */
final class TileKernels {
  private final ArrayMemory memory;
  private final long weightBase;
  private int[] acc = new int[1 << 12];
  private int[] weights = new int[1 << 14];
  private int[] pixels = new int[1 << 10];
  private int[] taps = new int[64];
  private int[] channels = new int[64];

  TileKernels(ArrayMemory memory, CoreBuffers buffers) {
    this.memory = memory;
    this.weightBase = buffers.weights().offsetBytes();
  }

  void run(byte[] m, KernelCall call, int k) {
    int in = Math.toIntExact(memory.slotBase(call.input(), call.inputSlot0() + k));
    int out = Math.toIntExact(memory.slotBase(call.output(), call.outputSlot0() + k));
    int w = Math.toIntExact(weightBase + call.weightOffsetBytes());
    switch (call.kind()) {
      case CONV_BSR -> ConvBsr.run(m, call, in, out, w, this);
      case DEPTHWISE -> depthwise(m, call, in, out, w);
      case MAX_POOL -> pool(m, call, in, out, call.kernelH(), call.kernelW(), true);
      case AVG_POOL -> pool(m, call, in, out, call.kernelH(), call.kernelW(), false);
      case GLOBAL_AVG_POOL -> pool(m, call, in, out, call.inRows(), call.inCols(), false);
      case ADD -> add(m, call, in, Math.toIntExact(memory.slotBase(call.input2(), call.input2Slot0() + k)), out);
      case COPY -> copy(m, call, in, out);
    }
  }

  int[] accumulators(int n) {
    if (acc.length < n) {
      acc = new int[n];
    }
    return acc;
  }

  int[] weights(int n) {
    if (weights.length < n) {
      weights = new int[n];
    }
    return weights;
  }

  int[] pixelOffsets(int n) {
    if (pixels.length < n) {
      pixels = new int[n];
    }
    return pixels;
  }

  int[] tapOffsets(int n) {
    if (taps.length < n) {
      taps = new int[n];
    }
    return taps;
  }

  int[] blockChannels(int n) {
    if (channels.length < n) {
      channels = new int[n];
    }
    return channels;
  }

  static int u16(byte[] m, int at) {
    return (m[at] & 0xff) | (m[at + 1] & 0xff) << 8;
  }

  static int i32(byte[] m, int at) {
    return (m[at] & 0xff) | (m[at + 1] & 0xff) << 8 | (m[at + 2] & 0xff) << 16 | m[at + 3] << 24;
  }

  static void putI32(byte[] m, int at, int v) {
    m[at] = (byte) v;
    m[at + 1] = (byte) (v >> 8);
    m[at + 2] = (byte) (v >> 16);
    m[at + 3] = (byte) (v >> 24);
  }

  static int align(int v, int a) {
    return (v + a - 1) / a * a;
  }

  /** Depthwise chunk: u16 channels, u16 taps, u32 0, channels x i32 bias, channels x i8 shift (pad 16), taps x channels. */
  private static void depthwise(byte[] m, KernelCall a, int in, int out, int w) {
    int channels = u16(m, w);
    int taps = u16(m, w + 2);
    if (taps != a.kernelH() * a.kernelW() || channels < a.outChannels()) {
      throw new BscException("depthwise chunk", channels + " channels x " + taps + " taps for a "
          + a.kernelH() + "x" + a.kernelW() + " kernel over " + a.outChannels() + " channels");
    }
    int bias = w + 8;
    int shift = bias + 4 * channels;
    int values = w + align(8 + 5 * channels, 16);
    for (int oy = 0; oy < a.outRows(); oy++) {
      for (int ox = 0; ox < a.outCols(); ox++) {
        for (int c = 0; c < a.outChannels(); c++) {
          long s = i32(m, bias + 4 * c);
          for (int ky = 0; ky < a.kernelH(); ky++) {
            for (int kx = 0; kx < a.kernelW(); kx++) {
              int px = in + ((oy * a.strideH() + ky * a.dilationH()) * a.inCols() + ox * a.strideW()
                  + kx * a.dilationW()) * a.inChannels() + c;
              s += m[values + (ky * a.kernelW() + kx) * channels + c] * m[px];
            }
          }
          int q = FixedPoint.clamp(FixedPoint.requantize(s, m[shift + c]), a.clampMin(), a.clampMax());
          m[out + (oy * a.outCols() + ox) * a.outChannels() + c] = (byte) q;
        }
      }
    }
  }

  /**
   * Max or average pool over the tile; window positions outside it are the kernel's own pads: max ignores
   * them, the average counts them only with count_include_pad. Average: {@link FixedPoint#average} from fix0
   * to fix1.
   */
  private static void pool(byte[] m, KernelCall a, int in, int out, int kh, int kw, boolean max) {
    List<Integer> fix = a.shifts();
    int fIn = fix.size() > 0 ? fix.get(0) : 0;
    int fOut = fix.size() > 1 ? fix.get(1) : fIn;
    int dh = max ? a.dilationH() : 1;
    int dw = max ? a.dilationW() : 1;
    int sh = a.kind() == bsc.aie2.program.KernelKind.GLOBAL_AVG_POOL ? 1 : a.strideH();
    int sw = a.kind() == bsc.aie2.program.KernelKind.GLOBAL_AVG_POOL ? 1 : a.strideW();
    int pad = a.countIncludePad() ? 1 : 0;
    for (int oy = 0; oy < a.outRows(); oy++) {
      for (int ox = 0; ox < a.outCols(); ox++) {
        for (int c = 0; c < a.outChannels(); c++) {
          int best = FixedPoint.INT8_MIN;
          long sum = 0;
          long count = 0;
          for (int ky = 0; ky < kh; ky++) {
            int y = oy * sh + ky * dh - a.padTop();
            for (int kx = 0; kx < kw; kx++) {
              int x = ox * sw + kx * dw - a.padLeft();
              if (y < 0 || x < 0 || y >= a.inRows() || x >= a.inCols()) {
                count += pad;
                continue;
              }
              int v = m[in + (y * a.inCols() + x) * a.inChannels() + c];
              best = Math.max(best, v);
              sum += v;
              count++;
            }
          }
          int r = max ? best : count == 0 ? 0 : FixedPoint.average(sum, count, fIn, fOut);
          m[out + (oy * a.outCols() + ox) * a.outChannels() + c] = (byte) FixedPoint.clamp(r, a.clampMin(),
              a.clampMax());
        }
      }
    }
  }

  /** {@link FixedPoint#add} of two tiles at fix0 and fix1 into fix2, then the activation clamp. */
  private static void add(byte[] m, KernelCall a, int x, int y, int out) {
    List<Integer> fix = a.shifts();
    int n = a.outRows() * a.outCols() * a.outChannels();
    int fa = fix.get(0);
    int fb = fix.get(1);
    int fy = fix.get(2);
    for (int i = 0; i < n; i++) {
      m[out + i] = (byte) FixedPoint.clamp(FixedPoint.add(m[x + i], fa, m[y + i], fb, fy), a.clampMin(),
          a.clampMax());
    }
  }

  /** {@link FixedPoint#rescale} from fix0 to fix1, then the activation clamp. */
  private static void copy(byte[] m, KernelCall a, int x, int out) {
    List<Integer> fix = a.shifts();
    int from = fix.size() > 0 ? fix.get(0) : 0;
    int to = fix.size() > 1 ? fix.get(1) : from;
    int n = a.outRows() * a.outCols() * a.outChannels();
    for (int i = 0; i < n; i++) {
      m[out + i] = (byte) FixedPoint.clamp(FixedPoint.rescale(m[x + i], from, to), a.clampMin(), a.clampMax());
    }
  }
}
