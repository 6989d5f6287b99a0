package bsc.sim.functional;

/**
 * A layer whose output differs from the INT8 reference executor's: how many of its elements differ, and the
 * first one in (y, x, c) order with both values. {@code problem} is set instead when the output could not be
 * compared element by element (its shape differs from the reference's).
 */
public record LayerMismatch(int layer, String name, String op, String tensor, long mismatching, long elements, int y,
    int x, int c, int expected, int actual, String problem) {

  public String describe() {
    String head = "layer " + layer + " '" + name + "' (" + op + ") output " + tensor + ": ";
    if (problem != null) {
      return head + problem;
    }
    return head + mismatching + " of " + elements + " elements differ from the INT8 executor, first at (y " + y
        + ", x " + x + ", c " + c + "): expected " + expected + ", got " + actual;
  }
}
