package bsc.aie2.program;

/**
 * Acquire (wait until value &gt;= {@code value}, then subtract) or release (add) of a lock, on the
 * FIRST iteration, EACH iteration or the LAST iteration of the instruction.
 */
public record LockOp(String lock, int value, When when) {
  public enum When {
    FIRST,
    EACH,
    LAST
  }

  public static LockOp each(String lock, int value) {
    return new LockOp(lock, value, When.EACH);
  }

  public boolean appliesTo(int iteration, int iterations) {
    return switch (when) {
      case EACH -> true;
      case FIRST -> iteration == 0;
      case LAST -> iteration == iterations - 1;
    };
  }
}
