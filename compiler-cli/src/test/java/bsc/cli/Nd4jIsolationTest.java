package bsc.cli;

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
import bsc.sim.io.NpyFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ND4J's native start-up costs seconds, so only commands that execute FP32 may load it or the oneDNN
 * preset the FP32 executor's convs run on (DESIGN.md section 2); both live under org.nd4j / org.bytedeco.
 * Each command runs in a fresh JVM with -verbose:class; the classes it loaded are checked.
 */
class Nd4jIsolationTest {
  @TempDir
  Path dir;

  private Path model() throws IOException {
    Graph.Builder b = Graph.builder("tiny").addInput("x", TensorType.of(DataType.FLOAT, 1, 2, 4, 4))
        .addInitializer("w", Tensor.ofFloats(Shape.of(3, 2, 3, 3), new float[54]));
    b.add(OpType.CONV, "conv", Attributes.empty().with("pads", new long[] {1, 1, 1, 1}), "x", "w");
    Path file = dir.resolve("tiny.onnx");
    Files.write(file, OnnxExporter.toBytes(b.addOutput("conv").build()));
    return file;
  }

  /** Classes loaded by {@code bsc args} in a new JVM; the command must exit 0. */
  private static List<String> loadedClasses(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-verbose:class", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bsc " + String.join(" ", args) + " did not finish");
    assertEquals(0, p.exitValue(), "bsc " + String.join(" ", args) + " failed:\n" + tail(out));
    List<String> classes = new ArrayList<>();
    for (String line : out.split("\n")) {
      int at = line.indexOf("[class,load] ");
      if (at >= 0) {
        classes.add(line.substring(at + 13).split(" ")[0]);
      }
    }
    return classes;
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  private static List<String> nd4j(List<String> classes) {
    return classes.stream().filter(c -> c.startsWith("org.nd4j.") || c.startsWith("org.bytedeco.")).toList();
  }

  @Test
  void inspectLoadsNoNd4jClass() throws Exception {
    List<String> classes = loadedClasses("inspect", model().toString());
    assertTrue(classes.contains(Main.class.getName()), "the probe sees the classes bsc loads");
    assertEquals(List.of(), nd4j(classes));
  }

  @Test
  void compileLoadsNd4jOnlyWhenAskedForInt8Values() throws Exception {
    String out = dir.resolve("out").toString();
    List<String> classes = loadedClasses("compile", "tiny_cnn", "-o", out, "-q");
    assertTrue(classes.contains("bsc.cli.compile.CompilePipeline"), "the probe sees the compile pipeline");
    assertEquals(List.of(), nd4j(classes));
    assertTrue(nd4j(loadedClasses("compile", "tiny_cnn", "-q", "--int8", "--seeded-samples", "1"))
        .contains("org.nd4j.linalg.factory.Nd4j"), "INT8 calibration runs the FP32 executor");
  }

  @Test
  void pruneLoadsNd4jOnlyWhenAskedForOutputChanges() throws Exception {
    String out = dir.resolve("p.onnx").toString();
    assertEquals(List.of(), nd4j(loadedClasses("prune", model().toString(), "-o", out, "--sparsity", "0.5")));
    assertTrue(nd4j(loadedClasses("prune", model().toString(), "-o", out, "--sparsity", "0.5", "--output-change"))
        .contains("org.nd4j.linalg.factory.Nd4j"));
  }

  @Test
  void runLoadsNd4j() throws Exception {
    Path x = dir.resolve("x.npy");
    Files.write(x, NpyFormat.write(Tensor.ofFloats(Shape.of(1, 2, 4, 4), new float[32])));
    List<String> classes = loadedClasses("run", model().toString(), "--input", x.toString());
    assertTrue(nd4j(classes).contains("org.nd4j.linalg.factory.Nd4j"), "bsc run executes on ND4J");
    assertTrue(nd4j(classes).contains("org.bytedeco.dnnl.global.dnnl"), "the 3x3 conv runs on a oneDNN primitive");
  }
}
