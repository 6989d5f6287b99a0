package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The measures of the INT8 accuracy report, by hand. */
class Int8AccuracyTest {
  @Test
  void relativeL2IsTheErrorNormOverTheReferenceNormAndAccumulatesOverInputs() {
    double[] sums = new double[2];
    // ref (3, 4): norm 5; error (0, -0.5): 0.1
    assertEquals(0.1, Int8Accuracy.relativeL2(new float[] {3, 4}, new float[] {3, 3.5f}, sums), 1e-12);
    // ref (0, 5): norm 5; error (1, 0): 0.2
    assertEquals(0.2, Int8Accuracy.relativeL2(new float[] {0, 5}, new float[] {1, 5}, sums), 1e-12);
    assertArrayEquals(new double[] {1.25, 50}, sums, 1e-12); // over both: sqrt(1.25 / 50) = 0.158
  }

  @Test
  void argmaxTakesTheFirstOfEqualLargestValues() {
    assertEquals(1, Int8Accuracy.argmax(new float[] {0.5f, 2f, 2f, -1f}));
    assertEquals(0, Int8Accuracy.argmax(new float[] {-3f}));
  }
}
