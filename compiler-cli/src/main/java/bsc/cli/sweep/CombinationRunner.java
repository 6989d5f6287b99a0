package bsc.cli.sweep;

/**
 * Compiles and simulates one combination. Implementations are called from several threads at once and never
 * throw for a combination that fails: the failure is a {@link SweepRow#failed} row. {@link #done} tells the
 * runner that a combination's row is written, so it can release what only that combination still needed.
 */
public interface CombinationRunner {
  SweepRow run(Combination c);

  default void done(Combination c) {}
}
