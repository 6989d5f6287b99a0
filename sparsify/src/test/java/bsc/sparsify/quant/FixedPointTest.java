package bsc.sparsify.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FixedPointTest {
  @Test
  void quantizeRoundsToNearestTiesToEvenAndSaturates() {
    assertEquals(2, FixedPoint.quantize(2.5f, 0));
    assertEquals(4, FixedPoint.quantize(3.5f, 0));
    assertEquals(-2, FixedPoint.quantize(-2.5f, 0));
    assertEquals(-4, FixedPoint.quantize(-3.5f, 0));
    assertEquals(3, FixedPoint.quantize(2.51f, 0));
    assertEquals(2, FixedPoint.quantize(0.3125f, 3)); // 2.5 steps of 1/8
    assertEquals(6, FixedPoint.quantize(0.375f, 4)); // exactly 6 steps of 1/16
    assertEquals(127, FixedPoint.quantize(127.4f, 0));
    assertEquals(127, FixedPoint.quantize(1e9f, 0));
    assertEquals(-128, FixedPoint.quantize(-128.6f, 0));
    assertEquals(-128, FixedPoint.quantize(Float.NEGATIVE_INFINITY, 5));
    assertEquals(127, FixedPoint.quantize(Float.POSITIVE_INFINITY, 5));
    assertEquals(0, FixedPoint.quantize(-0.0f, 7));
    assertThrows(IllegalArgumentException.class, () -> FixedPoint.quantize(Float.NaN, 0));
  }

  @Test
  void quantize32RoundsTiesToEvenAndSaturatesToInt() {
    assertEquals(205, FixedPoint.quantize32(0.1, 11)); // 204.8
    assertEquals(2, FixedPoint.quantize32(2.5, 0));
    assertEquals(4, FixedPoint.quantize32(3.5, 0));
    assertEquals(-6, FixedPoint.quantize32(-0.75, 3)); // -6 exactly
    assertEquals(Integer.MAX_VALUE, FixedPoint.quantize32(1e12, 0));
    assertEquals(Integer.MIN_VALUE, FixedPoint.quantize32(-1e12, 0));
  }

  @Test
  void shiftRoundIsAnArithmeticShiftRoundingTiesToEven() {
    long[][] cases = {
        // v, s, expected
        {5, 1, 2}, {7, 1, 4}, {-5, 1, -2}, {-7, 1, -4},
        {6, 2, 2}, {5, 2, 1}, {7, 2, 2}, {2, 2, 0}, {-2, 2, 0}, {-6, 2, -2}, {10, 2, 2}, {-10, 2, -2},
        {1000, 3, 125}, {1001, 3, 125}, {1004, 3, 126}, {1012, 3, 126}, {1020, 3, 128}, {-1004, 3, -126},
        {123, 0, 123}, {5, -3, 40}, {-5, -3, -40}, {1L << 40, 63, 0}, {-(1L << 40), 70, 0}};
    for (long[] c : cases) {
      assertEquals(c[2], FixedPoint.shiftRound(c[0], (int) c[1]), c[0] + " >> " + c[1]);
    }
    assertEquals(Long.MAX_VALUE, FixedPoint.shiftRound(3, -62));
  }

  @Test
  void shiftRoundAgreesWithRintOfTheExactQuotient() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      long v = r.nextLong(-(1L << 40), 1L << 40);
      int s = r.nextInt(1, 32);
      if (r.nextInt(4) == 0) {
        v = (v >> s << s) + (1L << (s - 1)) * (r.nextBoolean() ? 1 : -1); // an exact tie
      }
      assertEquals((long) Math.rint(Math.scalb((double) v, -s)), FixedPoint.shiftRound(v, s), v + " >> " + s);
    }
  }

  @Test
  void requantizeSaturatesAfterRounding() {
    assertEquals(127, FixedPoint.requantize(1 << 20, 4));
    assertEquals(-128, FixedPoint.requantize(-(1 << 20), 4));
    assertEquals(127, FixedPoint.requantize(2039, 4)); // 127.44
    assertEquals(127, FixedPoint.requantize(2040, 4)); // 127.5 saturates
    assertEquals(-128, FixedPoint.requantize(-2056, 4)); // -128.5 ties to even -128
    assertEquals(-128, FixedPoint.requantize(-3, -7)); // -384 saturates
  }

  @Test
  void divideRoundIsTheNearestQuotientTiesToEven() {
    assertEquals(4, FixedPoint.divideRound(7, 2, 0)); // 3.5
    assertEquals(2, FixedPoint.divideRound(5, 2, 0)); // 2.5
    assertEquals(-2, FixedPoint.divideRound(-5, 2, 0));
    assertEquals(-4, FixedPoint.divideRound(-7, 2, 0));
    assertEquals(3, FixedPoint.divideRound(10, 3, 0)); // 3.33
    assertEquals(4, FixedPoint.divideRound(11, 3, 0)); // 3.67
    assertEquals(2, FixedPoint.divideRound(5, 4, 1)); // 10 / 4 = 2.5
    assertEquals(1, FixedPoint.divideRound(5, 2, -1)); // 5 / 4 = 1.25
    assertEquals(-1, FixedPoint.divideRound(-5, 2, -1));
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      long num = r.nextLong(-(1L << 30), 1L << 30);
      long den = r.nextLong(1, 4096);
      int e = r.nextInt(-8, 9);
      long expected = (long) Math.rint(Math.scalb((double) num, e) / den);
      if (Math.abs(Math.scalb((double) num, e) / den - Math.rint(Math.scalb((double) num, e) / den)) < 0.4999) {
        assertEquals(expected, FixedPoint.divideRound(num, den, e), num + "*2^" + e + "/" + den);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> FixedPoint.divideRound(1, 0, 0));
  }

  @Test
  void addAlignsToTheFinerFixPositionThenRescales() {
    assertEquals(11, FixedPoint.add(3, 2, 5, 3, 3)); // 0.75 + 0.625 = 1.375 = 11/8
    assertEquals(6, FixedPoint.add(3, 2, 5, 3, 2)); // 11/8 at 1/4: 5.5 -> 6
    assertEquals(4, FixedPoint.add(2, 2, 5, 3, 2)); // 9/8 at 1/4: 4.5 -> 4
    assertEquals(0, FixedPoint.add(1, 0, 0, 0, -1)); // 1 at 2: 0.5 -> 0
    assertEquals(127, FixedPoint.add(100, 4, 100, 4, 4));
    assertEquals(-128, FixedPoint.add(-100, 4, -100, 4, 4));
    assertEquals(-90, FixedPoint.add(-3, 0, 100, 9, 5)); // (-1536 + 100) / 16 = -89.75
  }

  @Test
  void rescaleAndAverage() {
    assertEquals(12, FixedPoint.rescale(50, 4, 2)); // 12.5, ties to even
    assertEquals(13, FixedPoint.rescale(51, 4, 2)); // 12.75
    assertEquals(-88, FixedPoint.rescale(-11, 1, 4)); // exact left shift
    assertEquals(-128, FixedPoint.rescale(-100, 3, 5));
    assertEquals(2, FixedPoint.average(10, 4, 3, 3)); // 2.5
    assertEquals(4, FixedPoint.average(14, 4, 3, 3)); // 3.5
    assertEquals(5, FixedPoint.average(10, 4, 3, 4)); // 20 / 4
    assertEquals(-2, FixedPoint.average(-10, 4, 3, 3));
    assertEquals(127, FixedPoint.average(127 * 49, 49, 0, 1));
  }

  @Test
  void fixPositionIsTheFinestStepThatDoesNotSaturateTheRange() {
    assertEquals(0, FixedPoint.fixPosition(127));
    assertEquals(-1, FixedPoint.fixPosition(127.5));
    assertEquals(0, FixedPoint.fixPosition(126.9));
    assertEquals(6, FixedPoint.fixPosition(1.0));
    assertEquals(7, FixedPoint.fixPosition(0.99));
    assertEquals(1, FixedPoint.fixPosition(63.5));
    assertEquals(0, FixedPoint.fixPosition(63.51));
    assertEquals(FixedPoint.MAX_FIX, FixedPoint.fixPosition(0));
    assertEquals(FixedPoint.MIN_FIX, FixedPoint.fixPosition(1e12));
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 100_000; i++) {
      double x = Math.scalb(1 + r.nextDouble(), r.nextInt(-20, 12));
      int f = FixedPoint.fixPosition(x);
      assertTrue(Math.scalb(x, f) <= 127, x + " at " + f);
      assertTrue(f == FixedPoint.MAX_FIX || Math.scalb(x, f + 1) > 127, x + " at " + (f + 1));
    }
    assertThrows(IllegalArgumentException.class, () -> FixedPoint.fixPosition(Double.NaN));
  }
}
