package bsc.sim.int8;

import bsc.ir.Graph;
import bsc.ir.InferenceContext;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.ops.Shapes;
import bsc.sparsify.quant.FixedPoint;
import java.util.List;

/**
 * MaxPool, AveragePool, GlobalAveragePool and GlobalMaxPool on int8 NCHW. Max ignores padding (ONNX pads
 * with -infinity) and keeps the fix position. Average sums the window exactly and divides by its count
 * with {@link FixedPoint#average} (nearest, ties to even) into the output's fix position; the count is the whole
 * window clipped to the padded input when {@code count_include_pad} is set, else the window's positions
 * inside the input.
 *
 * <p>Max runs separably, which gives the same bytes as the window's maximum (max is associative and padding
 * is skipped in both): per output row, the element-wise max of the window's input rows inside the input
 * (one vector loop over the row when the vector path is on), then per output column the max of that row's
 * window columns inside the input.
 */
final class PoolKernel implements Int8Kernel {
  /** Output values below which one thread pools alone. */
  private static final int SPLIT_MIN = 1 << 15;
  private final boolean max;
  private final boolean countPad;
  /** The pool is one window over each whole plane (GlobalAveragePool, or an AveragePool of the plane's size). */
  private final boolean wholePlane;
  private final int in;
  private final int out;
  private final int fIn;
  private final int fOut;
  private final int channels;
  private final int h;
  private final int w;
  private final int oh;
  private final int ow;
  private final int kh;
  private final int kw;
  private final int sh;
  private final int sw;
  private final int dh;
  private final int dw;
  private final int padTop;
  private final int padLeft;
  private final int padBottom;
  private final int padRight;
  private final Workers workers;
  private final boolean vector;
  /** Per output column, the first and one past the last window column inside the input (max only). */
  private final int[] kxFrom;
  private final int[] kxTo;
  /** The output columns [interiorFrom, interiorTo) have their whole window inside the input (max only). */
  private final int interiorFrom;
  private final int interiorTo;

  PoolKernel(Graph g, Node n, int in, int out, int fIn, int fOut, Workers workers, boolean vector) {
    Shape x = g.type(n.input(0)).shape();
    Shape y = g.type(n.output()).shape();
    this.max = n.op() == OpType.MAX_POOL || n.op() == OpType.GLOBAL_MAX_POOL;
    this.in = in;
    this.out = out;
    this.fIn = fIn;
    this.fOut = fOut;
    this.channels = (int) x.dim(1);
    this.h = (int) x.dim(2);
    this.w = (int) x.dim(3);
    this.oh = (int) y.dim(2);
    this.ow = (int) y.dim(3);
    boolean global = n.op() == OpType.GLOBAL_AVERAGE_POOL || n.op() == OpType.GLOBAL_MAX_POOL;
    long[] k = global ? new long[] {h, w} : n.attrs().getInts("kernel_shape", null);
    long[] s = ints(n, "strides");
    long[] d = ints(n, "dilations");
    long[] pads = global ? new long[4] : Shapes.pads(new InferenceContext(n, List.of(), List.of()),
        new long[] {h, w}, k, s, d, n.attrs().getString("auto_pad", "NOTSET"), n.attrs().getInts("pads", null));
    this.kh = (int) k[0];
    this.kw = (int) k[1];
    this.sh = (int) s[0];
    this.sw = (int) s[1];
    this.dh = (int) d[0];
    this.dw = (int) d[1];
    this.padTop = (int) pads[0];
    this.padLeft = (int) pads[1];
    this.padBottom = (int) pads[2];
    this.padRight = (int) pads[3];
    this.countPad = n.attrs().getInt("count_include_pad", 0) != 0;
    this.wholePlane = oh == 1 && ow == 1 && kh == h && kw == w && padTop == 0 && padLeft == 0 && padBottom == 0
        && padRight == 0;
    this.workers = workers;
    this.vector = vector;
    this.kxFrom = new int[ow];
    this.kxTo = new int[ow];
    for (int ox = 0; ox < ow; ox++) {
      int x0 = ox * sw - padLeft;
      kxFrom[ox] = x0 >= 0 ? 0 : Math.min(kw, (-x0 + dw - 1) / dw);
      kxTo[ox] = w - x0 <= 0 ? 0 : Math.min(kw, (w - x0 + dw - 1) / dw);
    }
    int first = 0;
    while (first < ow && !(kxFrom[first] == 0 && kxTo[first] == kw)) {
      first++;
    }
    int last = first;
    while (last < ow && kxFrom[last] == 0 && kxTo[last] == kw) {
      last++;
    }
    this.interiorFrom = first;
    this.interiorTo = last;
  }

  private static long[] ints(Node n, String name) {
    long[] v = n.attrs().getInts(name, null);
    return v == null ? new long[] {1, 1} : v;
  }

  @Override
  public void run(Frame f) {
    byte[] x = f.get(in);
    byte[] y = new byte[channels * oh * ow];
    // the channels split between the threads when the output is large (resnet50's max pool: 200,704 values)
    int parts = (long) channels * oh * ow >= SPLIT_MIN ? Math.min(channels, workers.threads()) : 1;
    workers.forEach(parts, p -> {
      int cLo = channels * p / parts;
      int cHi = channels * (p + 1) / parts;
      if (max) {
        maxChannels(x, y, cLo, cHi);
      } else {
        channels(x, y, cLo, cHi);
      }
    });
    f.set(out, y);
  }

  private void channels(byte[] x, byte[] y, int cLo, int cHi) {
    for (int c = cLo; c < cHi; c++) {
      int plane = c * h * w;
      if (wholePlane) {
        // one window covering the plane, no padding: the same sum and count as the window walk below
        long sum = 0;
        for (int i = plane; i < plane + h * w; i++) {
          sum += x[i];
        }
        y[c] = (byte) FixedPoint.average(sum, (long) h * w, fIn, fOut);
        continue;
      }
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * sh - padTop;
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * sw - padLeft;
          y[(c * oh + oy) * ow + ox] = (byte) average(x, plane, y0, x0);
        }
      }
    }
  }

  private void maxChannels(byte[] x, byte[] y, int cLo, int cHi) {
    byte[] rows = new byte[w];
    for (int c = cLo; c < cHi; c++) {
      int plane = c * h * w;
      for (int oy = 0; oy < oh; oy++) {
        maxOfRows(x, plane, oy * sh - padTop, rows);
        int at = (c * oh + oy) * ow;
        maxColumns(rows, y, at, 0, interiorFrom);
        for (int ox = interiorFrom; ox < interiorTo; ox++) {
          int x0 = ox * sw - padLeft;
          int m = rows[x0];
          for (int kx = 1; kx < kw; kx++) {
            m = Math.max(m, rows[x0 + kx * dw]);
          }
          y[at + ox] = (byte) m;
        }
        maxColumns(rows, y, at, interiorTo, ow);
      }
    }
  }

  /** y[at + ox] for ox in [from, to): the max of the row's window columns inside the input, -128 if none. */
  private void maxColumns(byte[] rows, byte[] y, int at, int from, int to) {
    for (int ox = from; ox < to; ox++) {
      int x0 = ox * sw - padLeft;
      int m = FixedPoint.INT8_MIN;
      for (int kx = kxFrom[ox]; kx < kxTo[ox]; kx++) {
        m = Math.max(m, rows[x0 + kx * dw]);
      }
      y[at + ox] = (byte) m;
    }
  }

  /** rows[i] = the max over the window rows inside the input of x[plane + iy * w + i], or -128 if none. */
  private void maxOfRows(byte[] x, int plane, int y0, byte[] rows) {
    boolean first = true;
    for (int ky = 0; ky < kh; ky++) {
      int iy = y0 + ky * dh;
      if (iy < 0 || iy >= h) {
        continue;
      }
      int from = plane + iy * w;
      if (first) {
        System.arraycopy(x, from, rows, 0, w);
        first = false;
      } else if (vector) {
        VectorLoops.max(x, from, rows, 0, w);
      } else {
        for (int i = 0; i < w; i++) {
          rows[i] = (byte) Math.max(rows[i], x[from + i]);
        }
      }
    }
    if (first) {
      java.util.Arrays.fill(rows, (byte) FixedPoint.INT8_MIN);
    }
  }

  private int average(byte[] x, int plane, int y0, int x0) {
    long sum = 0;
    int inside = 0;
    for (int ky = 0; ky < kh; ky++) {
      int iy = y0 + ky;
      if (iy < 0 || iy >= h) {
        continue;
      }
      for (int kx = 0; kx < kw; kx++) {
        int ix = x0 + kx;
        if (ix >= 0 && ix < w) {
          sum += x[plane + iy * w + ix];
          inside++;
        }
      }
    }
    long count = inside;
    if (countPad) {
      int rows = Math.min(y0 + kh, h + padBottom) - y0;
      int cols = Math.min(x0 + kw, w + padRight) - x0;
      count = (long) rows * cols;
    }
    return count == 0 ? 0 : FixedPoint.average(sum, count, fIn, fOut);
  }
}
