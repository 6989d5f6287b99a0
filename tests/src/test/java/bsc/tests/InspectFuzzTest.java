package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLI-level fuzzing: 1,000 seeded mutations of a small valid model, each inspected in-process. Every
 * run must end as success (0) or bad input (2, one error line, nothing on stdout); never as a bug (1),
 * never by an Error such as OutOfMemoryError, and never slowly.
 */
class InspectFuzzTest {
  private static final int CASES = 1_000;
  private static final long SEED = 20261125L;
  private static final long MAX_NANOS_PER_CASE = 1_000_000_000L;

  @TempDir
  Path dir;

  @Test
  void mutatedModelsExitZeroOrTwoAndFast() throws IOException {
    Path valid = dir.resolve("valid.onnx");
    Cli export = Cli.run("models", "export", TestModels.SMALL, "-o", valid.toString());
    assertEquals(0, export.exitCode(), export.toString());
    byte[] original = Files.readAllBytes(valid);
    Random rnd = new Random(SEED);
    Path mutant = dir.resolve("mutant.onnx");
    int[] exits = new int[3];
    long maxNanos = 0;
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = Mutations.mutate(original, rnd);
      Files.write(mutant, bytes);
      long start = System.nanoTime();
      Cli r = Cli.run("inspect", mutant.toString());
      maxNanos = Math.max(maxNanos, System.nanoTime() - start);
      String context = "case " + i + " (" + bytes.length + " bytes, first diff at " + firstDiff(original, bytes)
          + "): " + r;
      assertTrue(r.exitCode() == 0 || r.exitCode() == 2, context);
      if (r.exitCode() == 2) {
        assertEquals("", r.out(), context);
        assertEquals(1, r.errLines().size(), context);
        assertTrue(r.errLines().get(0).startsWith("bsc: error: "), context);
      }
      exits[r.exitCode()]++;
    }
    System.err.printf("fuzz: %d cases, %d exit 0, %d exit 2, slowest %.1f ms%n", CASES, exits[0], exits[2],
        maxNanos / 1e6);
    assertTrue(maxNanos < MAX_NANOS_PER_CASE, "slowest case took " + maxNanos / 1e6 + " ms");
    assertTrue(exits[2] > CASES / 10, "the mutations should break most files: " + Arrays.toString(exits));
  }

  private static int firstDiff(byte[] a, byte[] b) {
    int i = Arrays.mismatch(a, b);
    return i < 0 ? -1 : i;
  }
}
