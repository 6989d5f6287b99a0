package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed with SIGKILL part-way (a separate JVM) and run again: the rows it had finished are kept, and the
 * resumed file is byte for byte the file of a sweep that was never interrupted. The killed JVM's class-load log
 * also shows that a sweep never loads ND4J.
 */
class SweepInterruptTest {
  private static final String[] GRID = {"tiny_cnn", "--sparsity", "0:0.9:0.1", "--array", "2x2..4x4", "--quiet"};

  @TempDir
  Path dir;

  @Test
  void aKilledSweepResumesToTheSameBytes() throws Exception {
    Path out = dir.resolve("killed.csv");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"), "bsc.cli.Main", "sweep"));
    cmd.addAll(List.of(GRID));
    cmd.addAll(List.of("--jobs", "2", "-o", out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    int before = 0;
    while (p.isAlive() && System.nanoTime() < deadline) {
      before = Files.exists(out) ? Files.readAllLines(out).size() - 1 : 0;
      if (before >= 3) {
        break;
      }
      Thread.sleep(20);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no final rewrite
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String log = Files.readString(dir.resolve("log"));
    assertTrue(log.contains("bsc.cli.sweep.PipelineRunner"), "the class-load log is there");
    assertTrue(!log.contains("org.nd4j"), "ND4J is never loaded on the sweep's compile and simulate path");
    String killed = Files.readString(out);
    // Complete lines only: a kill in the middle of a write may leave a torn last line, which is run again.
    List<String> kept = killed.substring(0, killed.lastIndexOf('\n') + 1).lines().toList();
    assertTrue(before >= 3 && kept.size() - 1 < 30, "killed part-way: " + (kept.size() - 1) + " of 30 rows");

    Cli resumed = Cli.run(concat("--jobs", "2", "-o", out.toString()));
    assertEquals(0, resumed.exitCode(), resumed.toString());
    List<String> after = Files.readAllLines(out);
    for (String row : kept.subList(1, kept.size())) {
      assertTrue(after.contains(row), "a row finished before the kill is kept: " + row);
    }

    Path fresh = dir.resolve("fresh.csv");
    Cli r = Cli.run(concat("--jobs", "1", "-o", fresh.toString()));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(31, Files.readAllLines(fresh).size());
    assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(out));
  }

  private static String[] concat(String... rest) {
    List<String> all = new ArrayList<>(List.of("sweep"));
    all.addAll(List.of(GRID));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }
}
