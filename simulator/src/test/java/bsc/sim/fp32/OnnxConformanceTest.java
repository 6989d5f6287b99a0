package bsc.sim.fp32;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every ONNX backend test (libonnx-testdata's node, pytorch-converted and simple sets) whose model bsc
 * imports runs through the FP32 executor and matches the stored outputs (rtol 1e-3, atol 1e-7). A test
 * bsc cannot import (an op or type bsc does not support) is out of scope and counted; a test that
 * imports and then fails is a bug, unless listed in {@link #OUT_OF_SCOPE} with the reason.
 */
class OnnxConformanceTest {
  static final Path DATA = Path.of(System.getProperty("bsc.onnx.testdata", "/usr/share/libonnx-testdata/data"));

  private static final String RANDOM_DROPOUT =
      "training-mode Dropout draws from NumPy's RNG; a reference executor for inference rejects it";

  /** Importable tests the executor deliberately does not pass, with why. */
  static final Map<String, String> OUT_OF_SCOPE = Map.of(
      "test_training_dropout", RANDOM_DROPOUT,
      "test_training_dropout_default", RANDOM_DROPOUT,
      "test_training_dropout_default_mask", RANDOM_DROPOUT,
      "test_training_dropout_mask", RANDOM_DROPOUT);

  @Test
  void nodeTestsOfSupportedOpsMatchTheirStoredOutputs() throws IOException {
    runSuite("node");
  }

  @Test
  void pytorchConvertedModelsOfSupportedOpsMatchTheirStoredOutputs() throws IOException {
    runSuite("pytorch-converted");
  }

  @Test
  void simpleModelsOfSupportedOpsMatchTheirStoredOutputs() throws IOException {
    runSuite("simple");
  }

  private static void runSuite(String suite) throws IOException {
    Path root = DATA.resolve(suite);
    assumeTrue(Files.isDirectory(root), "ONNX test data not installed at " + root);
    Map<String, int[]> perOp = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    int pass = 0;
    int unsupported = 0;
    int excused = 0;
    int canonicalPass = 0;
    for (OnnxTestCase c : OnnxTestCase.all(root)) {
      OnnxTestCase.Result r = c.run(false);
      if (r.status() == OnnxTestCase.Status.UNSUPPORTED) {
        unsupported++;
        continue;
      }
      boolean ok = r.status() == OnnxTestCase.Status.PASS;
      if (ok) {
        OnnxTestCase.Result rc = c.run(true);
        if (rc.status() == OnnxTestCase.Status.PASS) {
          canonicalPass++;
        } else {
          ok = false;
          r = new OnnxTestCase.Result(rc.status(), "canonicalized: " + rc.detail());
        }
      }
      for (String op : c.opTypes) {
        int[] n = perOp.computeIfAbsent(op, k -> new int[2]);
        n[1]++;
        n[0] += ok ? 1 : 0;
      }
      if (ok) {
        pass++;
      } else if (OUT_OF_SCOPE.containsKey(c.name())) {
        excused++;
      } else {
        failures.add(c.name() + ": " + r.detail());
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(String.format("ONNX %s: %d passed, %d failed, %d out of scope (listed), %d not importable"
        + " (passed as imported and canonicalized: %d)%n", suite, pass, failures.size(), excused, unsupported,
        canonicalPass));
    perOp.forEach((op, n) -> report.append(String.format("  %-22s %d/%d%n", op, n[0], n[1])));
    for (String f : failures) {
      report.append("  FAIL ").append(f).append('\n');
    }
    System.out.print(report);
    assertTrue(failures.isEmpty(), report.toString());
  }
}
