package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.onnxio.OnnxExporter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bsc compile} of a single dense fully connected layer too large for all the cores of a column (on the
 * paper's 4x4: 512 KB memtile, 16 KB core weight buffer). The figures are worked by hand in codegen-aie2's
 * CoreCountTest: 17280 -> 96 stages 143136 bytes of weights per core, 590048 bytes of smallest working set on 4
 * cores per column, 446880 on 3; 63360 -> 8 needs 588240 bytes on any number of cores.
 */
class LargeFullyConnectedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  Path dir;

  @Test
  void runsOnThreeCoresPerColumnIsWeightBoundAndComputesWhatTheInt8ExecutorDoes() throws IOException {
    Path out = dir.resolve("fc");
    Cli r = Cli.run("compile", model(17280, 96).toString(), "--include-classifier", "--array", "4x4", "--verify",
        "--seeded-samples", "1", "-o", out.toString());
    assertEquals(0, r.exitCode(), r::toString);
    assertTrue(r.outLines().stream().anyMatch(l -> l.startsWith("  verified    functional: match: 1 layer output")),
        r::out);
    List<List<String>> rows = CompileCommandTest.csv(out.resolve("layers.csv"));
    List<String> h = rows.get(0);
    assertEquals(2, rows.size(), rows::toString);
    List<String> fc = rows.get(1);
    assertEquals("COUT/12 x CIN9 x H/1", fc.get(h.indexOf("split")));
    // 96 x 17280 INT8 weights and little compute: the weight stream bounds the layer
    assertTrue(List.of("weights", "ddr").contains(fc.get(h.indexOf("bound"))), fc::toString);
    JsonNode report = JSON.readTree(out.resolve("program.json").toFile()).get("layers").get(0).get("report");
    assertEquals(12, report.get("coresUsed").asInt());
    assertTrue(report.get("reason").asText().contains("only the first 3 of the 4 cores of each column"),
        report::toString);
  }

  @Test
  void aBlockRowLargerThanTheMemtileExitsTwoWithOneLine() throws IOException {
    Path file = model(63360, 8);
    Cli r = Cli.run("compile", file.toString(), "--include-classifier", "--array", "4x4", "-q",
        "-o", dir.resolve("never").toString());
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals(List.of("bsc: error: compiling " + file + " for 4x4: layer fc: its smallest working set (588240"
        + " bytes) exceeds the memtile (524288 bytes) on any number of cores per column"), r.errLines());
    assertEquals("", r.out());
  }

  /** x [1, cin] -> Gemm(transB) -> fc [1, cout], weights in [-1/8, 1/8] with no all-zero 8x8 block. */
  private Path model(int cin, int cout) throws IOException {
    float[] w = new float[cin * cout];
    for (int i = 0; i < w.length; i++) {
      w[i] = ((i * 37) % 17 - 8) / 64f;
    }
    Graph.Builder b = Graph.builder("fc").addInput("x", TensorType.of(DataType.FLOAT, 1, cin))
        .addInitializer("w", Tensor.ofFloats(Shape.of(cout, cin), w));
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1L), "x", "w");
    Path file = dir.resolve("fc-" + cin + "x" + cout + ".onnx");
    Files.write(file, OnnxExporter.toBytes(b.addOutput("fc").build()));
    return file;
  }
}
