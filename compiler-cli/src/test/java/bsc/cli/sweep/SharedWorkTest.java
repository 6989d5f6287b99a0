package bsc.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.TargetLoader;
import bsc.ir.BscException;
import bsc.models.BuiltinModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sweep's threads share: each value computed once, dropped after its last planned use. */
class SharedWorkTest {
  @TempDir
  Path dir;

  @Test
  void concurrentGetsComputeOnceAndTheLastReleaseDropsTheValue() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    SharedValues<String, Object> v = new SharedValues<>(Map.of("a", 4), k -> {
      computed.incrementAndGet();
      sleep(50);
      return new Object();
    });
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Object>> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(pool.submit(() -> {
        start.await();
        return v.get("a");
      }));
    }
    start.countDown();
    for (Future<Object> f : got) {
      assertSame(got.get(0).get(), f.get());
    }
    pool.shutdown();
    assertEquals(1, computed.get());
    for (int i = 0; i < 3; i++) {
      v.release("a");
      assertEquals(1, v.held(), "held until the fourth release");
    }
    v.release("a");
    assertEquals(0, v.held());
  }

  @Test
  void aFailureIsRememberedAndNotRecomputed() {
    AtomicInteger computed = new AtomicInteger();
    SharedValues<String, Object> v = new SharedValues<>(Map.of("bad", 2), k -> {
      computed.incrementAndGet();
      throw new BscException(k, "cannot");
    });
    BscException first = assertThrows(BscException.class, () -> v.get("bad"));
    BscException second = assertThrows(BscException.class, () -> v.get("bad"));
    assertSame(first, second);
    assertEquals(1, computed.get());
  }

  @Test
  void aSweepImportsEachModelOnceAndReleasesEverything() throws Exception {
    List<Combination> all = SweepGrid.all(List.of("tiny_cnn"), SweepAxes.blocks("8"), SweepAxes.sparsities("0:0.5:0.25"),
        SweepAxes.arrays("2x2,4x4"), SweepAxes.timings("detailed,paper"));
    AtomicInteger imports = new AtomicInteger();
    PipelineRunner runner = new PipelineRunner(m -> {
      imports.incrementAndGet();
      return BuiltinModels.build(m);
    }, Map.of("2x2", TargetLoader.load("2x2"), "4x4", TargetLoader.load("4x4")), all);
    Path csv = dir.resolve("r.csv");
    int failed;
    try (SweepOutput out = SweepOutput.open(csv)) {
      failed = SweepExecutor.run(all, runner, 3, out, row -> { });
      out.finish();
    }
    assertEquals(0, failed);
    assertEquals(1, imports.get(), "one import for all 12 rows");
    assertEquals(0, runner.held(), "every model, pruned model and dense baseline dropped after its last row");
    assertEquals(13, Files.readAllLines(csv).size());
    assertTrue(Files.readString(csv).startsWith(SweepCsv.HEADER + "\n"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
