package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnxio.OnnxExporter;
import bsc.ir.onnxio.OnnxImporter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneCommandTest {
  @TempDir Path dir;

  @Test
  void prunesWritesModelAndSidecarAndVerifies() throws Exception {
    Path out = dir.resolve("tiny.onnx");
    Cli r = Cli.run("prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "0.5", "--json");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(Files.exists(dir.resolve("tiny.mask.json")));
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertEquals("8x8", report.get("block").asText());
    boolean anyPruned = false;
    for (JsonNode l : report.get("layers")) {
      if (l.get("note").asText().isEmpty()) {
        assertEquals(Math.round(0.5 * l.get("blocks").asLong()), l.get("zeroBlocks").asLong(), l.toString());
        anyPruned |= l.get("zeroBlocks").asLong() > 0;
      }
    }
    assertTrue(anyPruned);
    Cli v = Cli.run("verify", out.toString());
    assertEquals(0, v.exitCode(), v.toString());
    assertTrue(v.out().startsWith("ok: "), v.out());
    assertEquals(r.out(), Cli.run("prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "0.5", "--json").out(),
        "same input, same bytes");
  }

  @Test
  void outputChangeIsZeroUpToTheFirstPrunedLayerAndGrowsWithPruning() throws Exception {
    Path out = dir.resolve("oc.onnx");
    Cli none = Cli.run("prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "0.5", "--json");
    for (JsonNode l : new ObjectMapper().readTree(none.out()).get("layers")) {
      assertTrue(l.get("outputChange").isNull(), "not measured without --output-change: " + l);
    }
    double[] alone = new double[2];
    for (int i = 0; i < 2; i++) {
      String ratio = i == 0 ? "0.25" : "0.75";
      Cli r = Cli.run("prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", ratio, "--json",
          "--output-change");
      assertEquals(0, r.exitCode(), r.toString());
      boolean upstreamPruned = false;
      for (JsonNode l : new ObjectMapper().readTree(r.out()).get("layers")) {
        double a = l.get("outputChangeAlone").asDouble();
        double c = l.get("outputChange").asDouble();
        if (l.get("zeroBlocks").asLong() == 0) {
          assertEquals(0.0, a, l.toString());
        } else {
          assertTrue(a > 0 && a < 1.5, l.toString());
          alone[i] += a;
        }
        if (!upstreamPruned) {
          // nothing before this layer was pruned: the model's change at its output is the layer's own
          assertEquals(a, c, 1e-3 * Math.max(a, 1e-9), l.toString());
        }
        upstreamPruned |= l.get("zeroBlocks").asLong() > 0;
      }
      assertTrue(upstreamPruned, r.out());
    }
    assertTrue(alone[1] > alone[0], "zeroing more blocks changes the outputs more: " + alone[0] + " vs " + alone[1]);
    Cli text = Cli.run("prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "0.5", "--output-change");
    assertTrue(text.out().contains("out chg alone"), text.out());
  }

  @Test
  void verifyNamesTheFirstTamperedLayerAndBlock() throws Exception {
    Path out = dir.resolve("p.onnx");
    assertEquals(0, Cli.run("prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "0.75").exitCode());
    Graph g = OnnxImporter.load(out);
    String tamperedWeight = null;
    Graph.Builder b = g.toBuilder();
    for (var e : g.initializers().entrySet()) {
      float[] w = e.getValue().toFloats();
      if (e.getValue().shape().rank() == 4 && tamperedWeight == null && !e.getKey().startsWith("conv1")) {
        for (int i = 0; i < w.length; i++) {
          if (w[i] == 0f) {
            w[i] = 1f;
            tamperedWeight = e.getKey();
            break;
          }
        }
        b.addInitializer(e.getKey(), Tensor.ofFloats(e.getValue().shape(), w));
      }
    }
    Path bad = dir.resolve("bad.onnx");
    Files.write(bad, OnnxExporter.toBytes(b.build()));
    Cli v = Cli.run("verify", bad.toString(), "--mask", dir.resolve("p.mask.json").toString());
    assertEquals(2, v.exitCode(), v.toString());
    assertEquals(1, v.errLines().size());
    assertTrue(v.err().startsWith("bsc: error: ") && v.err().contains("block ("), v.err());
  }

  @Test
  void badArgumentsExitTwoAndLeaveAnExistingFileUntouched() throws Exception {
    Path out = dir.resolve("keep.onnx");
    Files.writeString(out, "precious");
    for (String[] args : new String[][] {
        {"prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "1.5"},
        {"prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "0.5", "--criterion", "magic"},
        {"prune", TestModels.SMALL, "-o", out.toString(), "--sparsity", "0.5", "--block", "0x8"},
        {"prune", TestModels.SMALL, "-o", out.toString(), "--plan", writePlan("{\"layers\": {\"nope.*\": 0.5}}").toString()}}) {
      Cli r = Cli.run(args);
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals(1, r.errLines().size(), r.toString());
      assertTrue(r.err().startsWith("bsc: error: "), r.err());
      assertArrayEquals("precious".getBytes(), Files.readAllBytes(out));
    }
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  private Path writePlan(String json) throws Exception {
    Path p = dir.resolve("plan.json");
    Files.writeString(p, json);
    return p;
  }
}
