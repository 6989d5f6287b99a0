package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/ci-latency-check.sh, run with bash on a real sweep CSV and on copies with slower or failed rows. */
class SweepCiScriptTest {
  private static final Path SCRIPT = Path.of("..", "docs", "ci-latency-check.sh").toAbsolutePath().normalize();

  @TempDir
  static Path dir;
  static Path baseline;
  static List<String> rows;

  @BeforeAll
  static void sweep() throws IOException {
    baseline = dir.resolve("baseline.csv");
    Cli r = Cli.run("sweep", "tiny_cnn", "--sparsity", "0,0.5", "--array", "2x2,4x4", "-q", "-o", baseline.toString());
    assertEquals(0, r.exitCode(), r.toString());
    rows = Files.readAllLines(baseline);
    assertEquals(5, rows.size());
  }

  /** The baseline with row {@code i}'s compacted latency multiplied by {@code factor}. */
  private static Path slower(String name, int i, double factor) throws IOException {
    List<String> l = new ArrayList<>(rows);
    String[] f = l.get(i).split(",", -1);
    f[6] = String.format(Locale.ROOT, "%.6f", Double.parseDouble(f[6]) * factor);
    l.set(i, String.join(",", f));
    Path p = dir.resolve(name);
    Files.write(p, l);
    return p;
  }

  private static String[] run(Path current, String... limit) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), baseline.toString(), current.toString()));
    cmd.addAll(List.of(limit));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new String[] {String.valueOf(p.waitFor()), out};
  }

  @Test
  void passesWhenNoRowIsSlowerThanTheLimit() throws Exception {
    String[] same = run(baseline);
    assertEquals("0", same[0], same[1]);
    assertTrue(same[1].contains("4 rows compared, 0 regressed or missing (limit +5%)"), same[1]);
    String[] within = run(slower("within.csv", 3, 1.04), "5");
    assertEquals("0", within[0], within[1]);
  }

  @Test
  void failsWhenARowIsSlowerThanTheLimitAndNamesIt() throws Exception {
    String[] r = run(slower("regressed.csv", 3, 1.10), "5");
    assertEquals("1", r[0], r[1]);
    String[] f = rows.get(3).split(",", -1);
    assertTrue(r[1].startsWith("REGRESSED tiny_cnn 8x8 blocks at 0.5 on 2x2 (detailed): " + f[6] + " ms -> "), r[1]);
    assertTrue(r[1].contains("(+10.0%, limit 5%)"), r[1]);
    String[] looser = run(slower("regressed.csv", 3, 1.10), "12.5");
    assertEquals("0", looser[0], looser[1]);
  }

  @Test
  void failsOnAFailedOrMissingRowAndOnBadUsage() throws Exception {
    List<String> l = new ArrayList<>(rows);
    String[] f = l.get(2).split(",", -1);
    l.set(2, String.join(",", List.of(f).subList(0, 5)) + ",,,,,,,,,,failed,\"compile: a, b\"");
    l.remove(4);
    Path broken = dir.resolve("broken.csv");
    Files.write(broken, l);
    String[] r = run(broken);
    assertEquals("1", r[0], r[1]);
    assertTrue(r[1].contains("REGRESSED tiny_cnn 8x8 blocks at 0 on 4x4 (detailed): failed (compile: a, b)"), r[1]);
    assertTrue(r[1].contains("MISSING tiny_cnn 8x8 blocks at 0.5 on 4x4 (detailed)"), r[1]);
    Path notCsv = dir.resolve("x.csv");
    Files.writeString(notCsv, "a,b\n");
    assertEquals("2", run(notCsv)[0]);
    assertEquals("2", run(baseline, "five")[0]);
  }
}
