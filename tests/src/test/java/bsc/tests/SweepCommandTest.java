package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.TargetLoader;
import bsc.cli.compile.CompileOptions;
import bsc.cli.compile.CompilePipeline;
import bsc.cli.compile.CompileResult;
import bsc.cli.compile.PrunedModel;
import bsc.models.BuiltinModels;
import bsc.sim.timing.LayerBound;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.BlockShape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bsc sweep} end to end on small built-in models: rows against compilations made directly with the
 * library, determinism across --jobs, shards merged into the unsharded bytes, resuming, failed rows, exit codes.
 */
class SweepCommandTest {
  static final String HEADER = "model,block,sparsity,array,timing,latency_dense_ms,latency_sparse_ms,speedup,"
      + "weights_dense_mb,weights_compacted_mb,share_compute,share_weights,share_activations,share_ddr,status,reason";
  /** tiny_cnn at three sparsities on two arrays: 6 rows, 3 pruning groups, about a second. */
  static final String[] TINY = {"tiny_cnn", "--sparsity", "0:0.5:0.25", "--array", "2x2,4x4", "--quiet"};

  @TempDir
  static Path dir;
  static byte[] tinyJobs1;

  @BeforeAll
  static void sweepOnce() throws Exception {
    tinyJobs1 = sweep("tiny-jobs1.csv", "--jobs", "1");
  }

  static byte[] sweep(String name, String... extra) throws Exception {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(List.of("sweep"));
    args.addAll(List.of(TINY));
    args.addAll(List.of(extra));
    args.addAll(List.of("-o", out.toString()));
    Cli r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.out(), "nothing on stdout");
    assertEquals("", r.err(), "--quiet: nothing on stderr");
    return Files.readAllBytes(out);
  }

  static List<String> lines(byte[] csv) {
    return new String(csv, StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void writesOneRowPerCombinationInCanonicalOrder() {
    List<String> l = lines(tinyJobs1);
    assertEquals(HEADER, l.get(0));
    assertEquals(7, l.size());
    List<String> keys = l.subList(1, 7).stream().map(s -> String.join(",", List.of(s.split(",")).subList(0, 5)))
        .toList();
    assertEquals(List.of("tiny_cnn,8x8,0,2x2,detailed", "tiny_cnn,8x8,0,4x4,detailed",
        "tiny_cnn,8x8,0.25,2x2,detailed", "tiny_cnn,8x8,0.25,4x4,detailed", "tiny_cnn,8x8,0.5,2x2,detailed",
        "tiny_cnn,8x8,0.5,4x4,detailed"), keys);
    for (String row : l.subList(1, 7)) {
      assertTrue(row.endsWith(",ok,"), row);
      String[] f = row.split(",", -1);
      double dense = Double.parseDouble(f[5]);
      double sparse = Double.parseDouble(f[6]);
      // The speed-up is computed from cycles; from the ms it agrees to the printed digits.
      assertEquals(dense / sparse, Double.parseDouble(f[7]), 1e-3, row);
      assertTrue(f[5].matches("\\d+\\.\\d{6}") && f[8].matches("\\d+\\.\\d{6}") && f[10].matches("\\d\\.\\d{4}"));
    }
  }

  @Test
  void sameBytesWhateverTheNumberOfJobs() throws Exception {
    assertArrayEquals(tinyJobs1, sweep("tiny-jobs3.csv", "--jobs", "3"));
  }

  @Test
  void shardsMergeIntoExactlyTheBytesOfTheUnshardedRun() throws Exception {
    for (int n : new int[] {2, 4}) { // 3 groups: by group over 2 shards, by row over 4
      List<String> args = new ArrayList<>(List.of("sweep", "merge"));
      int rows = 0;
      for (int i = n; i >= 1; i--) {
        byte[] part = sweep("tiny-" + i + "of" + n + ".csv", "--shard", i + "/" + n);
        rows += lines(part).size() - 1;
        args.add(dir.resolve("tiny-" + i + "of" + n + ".csv").toString());
      }
      assertEquals(6, rows, "each combination in exactly one shard");
      Path merged = dir.resolve("merged-" + n + ".csv");
      args.addAll(List.of("-o", merged.toString()));
      Cli r = Cli.run(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.toString());
      assertArrayEquals(tinyJobs1, Files.readAllBytes(merged));
    }
  }

  @Test
  void mergeRefusesShardsThatDisagree() throws Exception {
    Path a = dir.resolve("disagree-a.csv");
    Path b = dir.resolve("disagree-b.csv");
    List<String> l = lines(tinyJobs1);
    Files.writeString(a, l.get(0) + "\n" + l.get(1) + "\n");
    Files.writeString(b, l.get(0) + "\n" + l.get(1).replaceFirst(",ok,$", ",failed,compile: x") + "\n");
    Cli r = Cli.run("sweep", "merge", a.toString(), b.toString(), "-o", dir.resolve("disagree.csv").toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(1, r.errLines().size(), r.toString());
    assertTrue(r.err().startsWith("bsc: error: " + b + ": its row of tiny_cnn 8x8 blocks at 0 on 2x2"), r.err());
  }

  @Test
  void resumesFromAPartialFileWithATornLastLineAndSkipsRowsAlreadyThere() throws Exception {
    List<String> l = lines(tinyJobs1);
    // Rows 1 and 4 present (row 4 with a marked latency, to show it is kept and not recomputed), and half of
    // row 2 without a line end, as an interrupted append leaves it.
    String marked = l.get(4).replaceFirst("^((?:[^,]*,){6})[^,]*", "$1" + "123.456789");
    assertNotEquals(l.get(4), marked);
    Path out = dir.resolve("resumed.csv");
    Files.writeString(out, l.get(0) + "\n" + marked + "\n" + l.get(1) + "\n" + l.get(2).substring(0, 30));
    Cli r = Cli.run(concat(TINY, "--jobs", "2", "-o", out.toString()));
    assertEquals(0, r.exitCode(), r.toString());
    List<String> expected = new ArrayList<>(l);
    expected.set(4, marked);
    assertEquals(expected, Files.readAllLines(out));
  }

  @Test
  void retryFailedRunsFailedRowsAgainAndTheNewRowWins() throws Exception {
    List<String> l = lines(tinyJobs1);
    Path out = dir.resolve("retry.csv");
    String failed = String.join(",", List.of(l.get(3).split(",")).subList(0, 5)) + ",,,,,,,,,,failed,compile: x";
    Files.writeString(out, String.join("\n", l.subList(0, 3)) + "\n" + failed + "\n"
        + String.join("\n", l.subList(4, 7)) + "\n");
    Cli kept = Cli.run(concat(TINY, "-o", out.toString()));
    assertEquals(3, kept.exitCode(), "the failed row is kept without --retry-failed: " + kept);
    assertTrue(Files.readString(out).contains(failed));
    Cli retried = Cli.run(concat(TINY, "--retry-failed", "-o", out.toString()));
    assertEquals(0, retried.exitCode(), retried.toString());
    assertArrayEquals(tinyJobs1, Files.readAllBytes(out));
  }

  @Test
  void aFailingCombinationIsAFailedRowAndExitCodeThree() throws Exception {
    // A memtile of 2 KB: the smallest working set of tiny_cnn's conv2 (2928 bytes) cannot fit.
    Path small = dir.resolve("small-memtile.json");
    Files.writeString(small, "{\"base\": \"paper\", \"name\": \"small\", \"rows\": 2, \"columns\": 2,"
        + " \"memtile\": {\"bytes\": 2048}}");
    Path out = dir.resolve("failing.csv");
    Cli r = Cli.run("sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "2x2," + small, "-o", out.toString(),
        "--json");
    assertEquals(3, r.exitCode(), r.toString());
    assertTrue(r.err().contains("2 rows of this sweep (2 run now, 0 already there), 1 failed"), r.err());
    JsonNode summary = new ObjectMapper().readTree(r.out());
    assertEquals(List.of("output", "rows", "ran", "alreadyPresent", "failed", "failures"),
        List.copyOf(iterable(summary.fieldNames())));
    assertEquals(2, summary.get("rows").asInt());
    assertEquals(1, summary.get("failed").asInt());
    assertEquals(small.toString(), summary.get("failures").get(0).get("array").asText());
    assertTrue(summary.get("failures").get(0).get("reason").asText().startsWith("dense baseline: compile: layer conv2"));
    List<String> rows = Files.readAllLines(out);
    assertEquals(3, rows.size());
    assertTrue(rows.get(1).startsWith("tiny_cnn,8x8,0.5,2x2,detailed,") && rows.get(1).endsWith(",ok,"));
    assertTrue(rows.get(2).startsWith("tiny_cnn,8x8,0.5," + small + ",detailed,,,,,,,,,,failed,dense baseline:"
        + " compile: layer conv2: its smallest working set"), rows.get(2));
  }

  @Test
  void badArgumentsExitTwoWithOneLine() {
    String o = dir.resolve("never.csv").toString();
    List<String[]> cases = List.of(
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.9:0.1:0.1", "--array", "2x2", "-o", o},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0:1:0.5", "--array", "2x2", "-o", o},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "2x2..8x4", "-o", o},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "2x2", "--shard", "3/2", "-o", o},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "2x2", "--jobs", "0", "-o", o},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "2x2"},
        new String[] {"sweep", "no_such_model", "--sparsity", "0.5", "--array", "2x2", "-o", o},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "nosuch", "-o", o},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "2x2", "-o", "/dev/null"},
        new String[] {"sweep", "tiny_cnn", "--sparsity", "0.5", "--array", "2x2", "-o", dir.toString()});
    for (String[] args : cases) {
      Cli r = Cli.run(args);
      String what = String.join(" ", args) + "\n" + r;
      assertEquals(2, r.exitCode(), what);
      assertEquals("", r.out(), what);
      assertEquals(1, r.errLines().size(), what);
      assertTrue(r.err().startsWith("bsc: error: "), what);
    }
    assertTrue(Files.notExists(Path.of(o)), "no output for bad arguments");
  }

  @Test
  void refusesToResumeAFileThatIsNotASweepCsv() throws Exception {
    Path out = dir.resolve("not-sweep.csv");
    Files.writeString(out, "a,b,c\n1,2,3\n");
    Cli r = Cli.run(concat(TINY, "-o", out.toString()));
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().startsWith("bsc: error: " + out + ": line 1: not a bsc sweep CSV"), r.err());
    assertEquals("a,b,c\n1,2,3\n", Files.readString(out), "left as it was");
  }

  /**
   * resnet18 rows against {@code bsc compile}'s library ({@link CompilePipeline#compile}, which compiles the dense
   * baseline from each pruned model itself; the sweep compiles it once per array, from the model pruned at 0).
   */
  @Test
  void resnet18RowsEqualWhatTheCompilePipelineReports() throws Exception {
    Path out = dir.resolve("resnet18.csv");
    Cli r = Cli.run("sweep", "resnet18", "--sparsity", "0.5", "--array", "4x4", "--timing", "detailed,paper",
        "-q", "-o", out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    List<String> rows = Files.readAllLines(out);
    assertEquals(3, rows.size());
    CompilePipeline pipeline = new CompilePipeline("resnet18", BuiltinModels.build("resnet18"));
    PrunedModel pruned = pipeline.prune(BlockShape.AIE2_DEFAULT, 0.5);
    int i = 1;
    for (TimingModel t : List.of(new TimingModel.Detailed(), new TimingModel.Paper())) {
      CompileResult c = pipeline.compile(pruned, new CompileOptions(BlockShape.AIE2_DEFAULT, 0.5,
          TargetLoader.load("4x4"), t, true, true, false));
      String[] f = rows.get(i++).split(",", -1);
      assertEquals("resnet18,8x8,0.5,4x4," + t.name(), String.join(",", List.of(f).subList(0, 5)));
      assertEquals(String.format(Locale.ROOT, "%.6f", c.denseTime().latencyMillis()), f[5]);
      assertEquals(String.format(Locale.ROOT, "%.6f", c.sparseTime().latencyMillis()), f[6]);
      assertEquals(String.format(Locale.ROOT, "%.4f", c.speedup()), f[7]);
      assertEquals(String.format(Locale.ROOT, "%.6f", c.weightBytesDense() / 1e6), f[8]);
      assertEquals(String.format(Locale.ROOT, "%.6f", c.weightBytesCompacted() / 1e6), f[9]);
      assertTrue(Double.parseDouble(f[9]) < 0.6 * Double.parseDouble(f[8]), "half the blocks of most layers gone");
      assertEquals(String.format(Locale.ROOT, "%.4f", c.sparseTime().boundShares().get(LayerBound.Limiter.WEIGHTS)),
          f[11]);
      double shares = 0;
      for (int k = 10; k < 14; k++) {
        shares += Double.parseDouble(f[k]);
      }
      assertEquals(1.0, shares, 0.02, "nearly all of resnet18's time is in layers with a bound");
    }
  }

  static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }

  static String[] concat(String[] first, String... rest) {
    List<String> all = new ArrayList<>(List.of("sweep"));
    all.addAll(List.of(first));
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }
}
