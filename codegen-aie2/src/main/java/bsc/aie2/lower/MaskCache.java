package bsc.aie2.lower;

import bsc.ir.Tensor;
import bsc.sparsify.BlockMask;
import bsc.sparsify.BlockShape;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Block masks read from weights (a block is pruned iff all its weights are zero), cached per weight tensor:
 * tensors are immutable and compared by identity, so a sweep compiling one graph for many arrays scans each
 * weight once.
 */
final class MaskCache {
  private static final BlockShape BLOCK = BlockShape.AIE2_DEFAULT;
  private static final Map<Tensor, ConvWeights> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

  private MaskCache() {}

  /** The mask of a conv weight [Cout][Cin][taps] (no quantized values). */
  static ConvWeights mask(Tensor w, int cout, int cin, int taps) {
    ConvWeights cached = CACHE.get(w);
    if (cached == null) {
      cached = scan(w.bytes().asFloatBuffer(), cout, cin, taps);
      CACHE.put(w, cached);
    }
    return cached;
  }

  static ConvWeights scan(FloatBuffer convLayout, int cout, int cin, int taps) {
    int rows = (cout + BLOCK.rows() - 1) / BLOCK.rows();
    int cols = (cin + BLOCK.cols() - 1) / BLOCK.cols();
    boolean[] keep = new boolean[rows * cols];
    float[] row = new float[cin * taps];
    int blockFloats = BLOCK.cols() * taps;
    for (int o = 0; o < cout; o++) {
      convLayout.get(row);
      int rowBase = (o / BLOCK.rows()) * cols;
      for (int bc = 0; bc < cols; bc++) {
        // A block is kept at its first nonzero weight: the rest of it need not be read (with C1 only, reading
        // every weight was about a twentieth of a cold bsc compile).
        keep[rowBase + bc] = keep[rowBase + bc] || anyNonzero(row, bc * blockFloats, Math.min(row.length, (bc + 1)
            * blockFloats));
      }
    }
    return new ConvWeights(cout, cin, taps, BlockMask.of(rows, cols, keep), rows, cols, null, null, null);
  }

  private static boolean anyNonzero(float[] values, int from, int to) {
    for (int at = from; at < to; at++) {
      if (values[at] != 0f) {
        return true;
      }
    }
    return false;
  }
}
