package bsc.ir;

import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static bsc.ir.TestGraphs.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * IrPrinter output of a small hand-built network, checked line by line against
 * {@code src/test/resources/golden/printer_small_net.txt}. Run with {@code -Dbsc.updateGolden=true}
 * to rewrite the file after an intended change (then review the diff).
 */
class IrPrinterGoldenTest {
  private static final String GOLDEN = "golden/printer_small_net.txt";

  /** ResNet's stem and one residual 3x3 conv with a fused ReLU, pooled into a 10-way classifier. */
  static Graph smallNet() {
    Graph.Builder b = Graph.builder("small_net").addInput("input", f32(1, 3, 224, 224))
        .addInitializer("w1", zeros(64, 3, 7, 7)).addInitializer("b1", zeros(64))
        .addInitializer("w2", zeros(64, 64, 3, 3)).addInitializer("b2", zeros(64))
        .addInitializer("fc.weight", zeros(10, 64)).addInitializer("fc.bias", zeros(10));
    b.add(OpType.CONV, "conv1", attrs().with("kernel_shape", new long[] {7, 7})
        .with("strides", new long[] {2, 2}).with("pads", new long[] {3, 3, 3, 3}), "input", "w1", "b1");
    b.add(OpType.MAX_POOL, "pool", attrs().with("kernel_shape", new long[] {3, 3})
        .with("strides", new long[] {2, 2}).with("pads", new long[] {1, 1, 1, 1}), "conv1");
    b.add(OpType.CONV, "conv2", attrs().with("pads", new long[] {1, 1, 1, 1})
        .with("dilations", new long[] {1, 1}).with("activation", "relu"), "pool", "w2", "b2");
    b.add(OpType.ADD, "residual", attrs(), "pool", "conv2");
    b.add(OpType.GLOBAL_AVERAGE_POOL, "gap", attrs(), "residual");
    b.add(OpType.FLATTEN, "flat", attrs().with("axis", 1L), "gap");
    b.add(OpType.GEMM, "fc", attrs().with("transB", 1L), "flat", "fc.weight", "fc.bias");
    return b.addOutput("fc").build();
  }

  @Test
  void smallNetPrintsAsTheGoldenText() throws IOException {
    String actual = IrPrinter.print(smallNet());
    if (Boolean.getBoolean("bsc.updateGolden")) {
      Files.writeString(Path.of("src/test/resources", GOLDEN), actual, StandardCharsets.UTF_8);
      return;
    }
    assertGolden(GOLDEN, actual);
  }

  @Test
  void convLineHasTheDocumentedForm() {
    Graph g = smallNet();
    assertEquals("%conv1 = Conv(%input, @w1, @b1) {kernel=7x7, stride=2, pad=3} : 1x64x112x112 f32  # 118.0M MAC",
        IrPrinter.line(g, g.node("conv1")));
    assertEquals("%conv2 = Conv(%pool, @w2, @b2) {kernel=3x3, pad=1, act=relu} : 1x64x56x56 f32  # 115.6M MAC",
        IrPrinter.line(g, g.node("conv2")));
  }

  @Test
  void macsPrintWithTheirMagnitude() {
    assertEquals("96", IrPrinter.formatMacs(96));
    assertEquals("512.0K", IrPrinter.formatMacs(512_000));
    assertEquals("118.0M", IrPrinter.formatMacs(118_013_952));
    assertEquals("4.09G", IrPrinter.formatMacs(4_089_184_256L));
  }

  /** Exact comparison; on mismatch the message names the first differing line before the full diff. */
  static void assertGolden(String resource, String actual) throws IOException {
    String expected;
    try (InputStream in = IrPrinterGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, "missing golden file " + resource + " (create it with -Dbsc.updateGolden=true)");
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] e = expected.split("\n", -1);
    String[] a = actual.split("\n", -1);
    for (int i = 0; i < Math.max(e.length, a.length); i++) {
      String el = i < e.length ? e[i] : "<end of file>";
      String al = i < a.length ? a[i] : "<end of output>";
      if (!el.equals(al)) {
        assertEquals(expected, actual, resource + " line " + (i + 1) + ":\n  expected: " + el + "\n  actual:   " + al
            + "\n(rerun with -Dbsc.updateGolden=true to accept the new output)");
      }
    }
  }
}
