package bsc.sim.int8;

import bsc.sparsify.quant.FixedPoint;
import bsc.sparsify.quant.QuantizedLayer;

/**
 * A conv or fully connected layer with a single output position (a classifier) on the vector path: one
 * int8 dot product per output channel ({@link VectorLoops#dot}), over chunks of {@link VectorLoops#DOT_LANES}
 * input terms; the block-sparse walk keeps only the chunks of a row that hold a nonzero weight. Int32
 * accumulation wraps the same in any order, so the bytes are {@link ConvKernel}'s matrix-vector ones:
 * {@code clamp(requantize(bias + sum w * x, shift), lo, hi)}.
 */
final class DotKernel implements Int8Kernel {
  /** Multiply-accumulates below which one thread computes the layer alone. */
  private static final long SPLIT_MIN_MACS = 1 << 16;
  private final ConvGeometry g;
  private final int in;
  private final int out;
  private final int[] bias;
  private final int[] shift;
  private final int lo;
  private final int hi;
  /** Row o's weights at {@code o * stride}, zero padded to whole chunks. */
  private final byte[] w;
  private final int stride;
  /** Row o's chunks: {@code chunks[rowPtr[o] .. rowPtr[o + 1])}, each a chunk's first term. */
  private final int[] rowPtr;
  private final int[] chunks;
  private final Workers workers;

  static boolean applies(ConvGeometry g) {
    return g.pixels() == 1 && g.groups() == 1;
  }

  DotKernel(ConvGeometry g, QuantizedLayer layer, boolean sparse, int in, int out, Workers workers) {
    this.g = g;
    this.in = in;
    this.out = out;
    this.bias = layer.bias();
    this.shift = layer.shift();
    this.lo = layer.clampMin();
    this.hi = layer.clampMax();
    this.workers = workers;
    int terms = g.terms();
    int lanes = VectorLoops.DOT_LANES;
    this.stride = (terms + lanes - 1) / lanes * lanes;
    this.w = new byte[g.outChannels() * stride];
    byte[] weights = layer.weights();
    for (int o = 0; o < g.outChannels(); o++) {
      System.arraycopy(weights, o * terms, w, o * stride, terms);
    }
    this.rowPtr = new int[g.outChannels() + 1];
    int[] kept = new int[g.outChannels() * (stride / lanes)];
    int k = 0;
    for (int o = 0; o < g.outChannels(); o++) {
      for (int c = 0; c < stride; c += lanes) {
        if (!sparse || !zero(w, o * stride + c, lanes)) {
          kept[k++] = c;
        }
      }
      rowPtr[o + 1] = k;
    }
    this.chunks = java.util.Arrays.copyOf(kept, k);
  }

  private static boolean zero(byte[] w, int from, int n) {
    for (int i = from; i < from + n; i++) {
      if (w[i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void run(Frame f) {
    int[] x = new int[stride];
    Im2col.vector(g, Im2col.widen(f.get(in), null), x);
    byte[] y = new byte[g.outChannels()];
    int rows = g.outChannels();
    int parts = (long) chunks.length * VectorLoops.DOT_LANES >= SPLIT_MIN_MACS ? Math.min(rows, workers.threads()) : 1;
    workers.forEach(parts, p -> {
      for (int o = rows * p / parts; o < rows * (p + 1) / parts; o++) {
        int acc = bias[o] + VectorLoops.dot(w, o * stride, x, chunks, rowPtr[o], rowPtr[o + 1]);
        y[o] = (byte) FixedPoint.clamp(FixedPoint.requantize(acc, shift[o]), lo, hi);
      }
    });
    f.set(out, y);
  }
}
