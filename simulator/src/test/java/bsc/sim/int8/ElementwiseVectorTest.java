package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import bsc.sparsify.quant.FixedPoint;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The element-wise kernels' fast paths against the definitions in {@link FixedPoint}: the vector Add over
 * every int8 pair for every alignment and rescale shift (with and without a fused clamp), the table Add
 * that the scalar path and the out-of-range shifts take.
 */
class ElementwiseVectorTest {
  /** Every int8 pair (x, z), then a few more so the split between two threads and the vector tail are odd. */
  private static byte[][] allPairs() {
    int n = (1 << 16) + 9;
    byte[] x = new byte[n];
    byte[] z = new byte[n];
    for (int i = 0; i < 1 << 16; i++) {
      x[i] = (byte) (i >> 8);
      z[i] = (byte) i;
    }
    Random r = new Random(7);
    for (int i = 1 << 16; i < n; i++) {
      x[i] = (byte) r.nextInt();
      z[i] = (byte) r.nextInt();
    }
    return new byte[][] {x, z};
  }

  private static byte[] add(byte[] x, byte[] z, int fa, int fb, int fy, int lo, int hi, boolean vector,
      Workers w) {
    Frame f = new Frame(3);
    f.set(0, x);
    f.set(1, z);
    new ElementwiseKernels.Add(0, 1, 2, fa, fb, fy, lo, hi, vector, w).run(f);
    return f.get(2);
  }

  private static void checkAdd(byte[] x, byte[] z, int fa, int fb, int fy, int lo, int hi, Workers w) {
    byte[] want = new byte[x.length];
    for (int i = 0; i < x.length; i++) {
      want[i] = (byte) FixedPoint.clamp(FixedPoint.add(x[i], fa, z[i], fb, fy), lo, hi);
    }
    String where = "fa " + fa + " fb " + fb + " fy " + fy + " clamp [" + lo + ", " + hi + "]";
    assertArrayEquals(want, add(x, z, fa, fb, fy, lo, hi, true, w), "vector path, " + where);
    assertArrayEquals(want, add(x, z, fa, fb, fy, lo, hi, false, w), "table path, " + where);
  }

  @Test
  void addMatchesFixedPointAddForEveryPairEveryAlignmentAndEveryShift() {
    assumeTrue(VectorSupport.available(), "needs jdk.incubator.vector");
    byte[][] p = allPairs();
    int fm = FixedPoint.MAX_FIX;
    try (Workers w = new Workers(2)) {
      for (int align = -(FixedPoint.MAX_FIX - FixedPoint.MIN_FIX); align <= FixedPoint.MAX_FIX - FixedPoint.MIN_FIX;
          align++) {
        int fa = align >= 0 ? fm : fm + align;
        int fb = align >= 0 ? fm - align : fm;
        for (int shift = -40; shift <= 40; shift++) {
          checkAdd(p[0], p[1], fa, fb, fm - shift, FixedPoint.INT8_MIN, FixedPoint.INT8_MAX, w);
        }
      }
    }
  }

  @Test
  void addWithAFusedReluOrClipClampsAfterTheRounding() {
    assumeTrue(VectorSupport.available(), "needs jdk.incubator.vector");
    byte[][] p = allPairs();
    try (Workers w = new Workers(2)) {
      for (int shift = -3; shift <= 9; shift++) {
        for (int align = -2; align <= 2; align++) {
          int fa = 6 + Math.min(0, align);
          int fb = 6 - Math.max(0, align);
          checkAdd(p[0], p[1], fa, fb, 6 - shift, 0, FixedPoint.INT8_MAX, w);
          checkAdd(p[0], p[1], fa, fb, 6 - shift, -5, 17, w);
        }
      }
    }
  }

  @Test
  void theVectorAddTakesTheShiftsThatFitIntLanes() {
    assertTrue(VectorLoops.addFits(22, 0, 30));
    assertTrue(VectorLoops.addFits(0, 22, -40));
    assertFalse(VectorLoops.addFits(23, 0, 0));
    assertFalse(VectorLoops.addFits(0, 0, 31));
  }
}
