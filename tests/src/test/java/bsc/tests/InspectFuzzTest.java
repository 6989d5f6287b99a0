package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLI-level fuzzing: 1,000 seeded mutations of a small valid model, each inspected in-process. Every
 * run must end as success (0) or bad input (2, one error line, nothing on stdout); never as a bug (1),
 * never by an Error such as OutOfMemoryError, and never slowly: each case under a second of CPU time.
 * CPU time of this thread, not wall time, so that other jobs on a shared 2-core machine cannot fail the
 * test (a case waiting for a core is not slow); a file that makes bsc work long still fails it.
 */
class InspectFuzzTest {
  private static final int CASES = 1_000;
  private static final long SEED = 20261125L;
  private static final long MAX_CPU_NANOS_PER_CASE = 1_000_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
    long maxCpuNanos = 0;
    long maxWallNanos = 0;
    int slowest = -1;
    for (int i = 0; i < CASES; i++) {
      byte[] bytes = Mutations.mutate(original, rnd);
      Files.write(mutant, bytes);
      long cpu = THREADS.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      Cli r = Cli.run("inspect", mutant.toString());
      cpu = THREADS.getCurrentThreadCpuTime() - cpu;
      maxWallNanos = Math.max(maxWallNanos, System.nanoTime() - wall);
      if (cpu > maxCpuNanos) {
        maxCpuNanos = cpu;
        slowest = i;
      }
      assertSuccessOrBadInput(r, "case " + i + " (" + bytes.length + " bytes, first diff at "
          + firstDiff(original, bytes) + "): " + r);
      exits[r.exitCode()]++;
    }
    String slowestCase = String.format(Locale.ROOT, "slowest: case %d, %.1f ms CPU (longest wall time %.1f ms)",
        slowest, maxCpuNanos / 1e6, maxWallNanos / 1e6);
    System.err.printf("fuzz: %d cases, %d exit 0, %d exit 2, %s%n", CASES, exits[0], exits[2], slowestCase);
    assertTrue(maxCpuNanos < MAX_CPU_NANOS_PER_CASE, slowestCase);
    assertTrue(exits[2] > CASES / 10, "the mutations should break many files: " + Arrays.toString(exits));
  }

  private static void assertSuccessOrBadInput(Cli r, String context) {
    assertTrue(r.exitCode() == 0 || r.exitCode() == 2, context);
    if (r.exitCode() == 2) {
      assertEquals("", r.out(), context);
      assertEquals(1, r.errLines().size(), context);
      assertTrue(r.errLines().get(0).startsWith("bsc: error: "), context);
    }
  }

  private static int firstDiff(byte[] a, byte[] b) {
    int i = Arrays.mismatch(a, b);
    return i < 0 ? -1 : i;
  }
}
