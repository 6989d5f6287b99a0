package bsc.ir.onnxio;

import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static bsc.ir.TestGraphs.ramp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.IrPrinter;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Import, export, import again: the same IR and the same initializer bytes. */
class OnnxRoundTripTest {
  @TestFactory
  Stream<DynamicTest> everyLoadingTestDataModelSurvivesExportAndReimport() {
    Assumptions.assumeTrue(OnnxTestData.present(), "libonnx-testdata is not installed (" + OnnxTestData.ROOT + ")");
    return OnnxTestData.SETS.stream().flatMap(set -> OnnxTestData.tests(set).stream()).flatMap(dir -> {
      Graph g;
      try {
        Path file = dir.resolve("model.onnx");
        g = OnnxImporter.load(file, OnnxTestData.bindings(dir, OnnxImporter.readModel(file)));
      } catch (BscException e) {
        return Stream.empty(); // cleanly unsupported: OnnxTestDataShapeTest covers it
      }
      String name = dir.getParent().getFileName() + "/" + dir.getFileName();
      return Stream.of(DynamicTest.dynamicTest(name, dir.toUri(), () -> assertRoundTrips(g)));
    });
  }

  static void assertRoundTrips(Graph g) {
    byte[] bytes = OnnxExporter.toBytes(g);
    Graph again = OnnxImporter.parse(ByteBuffer.wrap(bytes), "exported " + g.name());
    assertEquals(body(IrPrinter.print(g)), body(IrPrinter.print(again)));
    assertEquals(Math.max(OnnxExporter.EXPORT_OPSET, g.opset()), again.opset());
    assertEquals(g.initializers().keySet(), again.initializers().keySet());
    for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
      Tensor t = again.initializer(e.getKey());
      assertEquals(e.getValue().type(), t.type(), e.getKey());
      assertEquals(e.getValue().bytes(), t.bytes(), "bytes of initializer " + e.getKey());
    }
    // the exported value_info declares every intermediate type, and it agrees with inference
    ModelProto m = OnnxImporter.parseModel(ByteBuffer.wrap(bytes), "exported");
    for (Map.Entry<String, TensorType> d : OnnxImporter.declaredTypes(m).entrySet()) {
      assertEquals(g.type(d.getKey()), d.getValue(), d.getKey());
    }
  }

  /** The printed IR without its header line, whose opset is the exported one after a round trip. */
  private static String body(String printed) {
    return printed.substring(printed.indexOf('\n') + 1);
  }

  @Test
  void aHandBuiltNetworkRoundTrips() {
    Graph.Builder b = Graph.builder("net").addInput("x", f32(1, 3, 16, 16))
        .addInitializer("w", ramp(8, 3, 3, 3)).addInitializer("fc", ramp(10, 8));
    b.add(OpType.CONV, "conv", attrs().with("pads", new long[] {1, 1, 1, 1}), "x", "w");
    b.add(OpType.RELU, "relu", attrs(), "conv");
    b.add(OpType.GLOBAL_AVERAGE_POOL, "gap", attrs(), "relu");
    b.add(OpType.FLATTEN, "flat", attrs(), "gap");
    b.add(OpType.GEMM, "gemm", attrs().with("transB", 1L).with("alpha", 0.5f), "flat", "fc");
    Graph g = b.addOutput("gemm").metadata("source", "hand-built").build();
    assertRoundTrips(g);
    Graph again = OnnxImporter.parse(ByteBuffer.wrap(OnnxExporter.toBytes(g)), "exported");
    assertEquals(Map.of("source", "hand-built"), again.metadata());
  }

  @Test
  void anOpset18GraphKeepsItsOpsetSoSplitNumOutputsStaysValid() {
    Graph.Builder b = Graph.builder("split18").opset(18).addInput("x", f32(7, 2));
    b.addNode(new Node("split", OpType.SPLIT, List.of("x"), List.of("a", "b", "c"), attrs().with("num_outputs", 3L)));
    Graph g = b.addOutput("a").addOutput("b").addOutput("c").build();
    assertEquals(18, OnnxExporter.toModel(g).getOpsetImport(0).getVersion());
    assertRoundTrips(g);
  }

  @Test
  void fusedActivationsExpandToConvAndOnnxActivations() {
    Graph.Builder b = Graph.builder("fused").addInput("x", f32(1, 2, 8, 8)).addInitializer("w", ramp(2, 2, 1, 1));
    b.add(OpType.CONV, "c_relu", attrs().with("activation", "relu"), "x", "w");
    b.add(OpType.CONV, "c_clip", attrs().with("activation", "clip").with("activation_min", 0f)
        .with("activation_max", 6f), "c_relu", "w");
    b.add(OpType.CONV, "c_leaky", attrs().with("activation", "leaky_relu").with("activation_alpha", 0.1f),
        "c_clip", "w");
    Graph g = b.addOutput("c_leaky").build();

    ModelProto m = OnnxExporter.toModel(g);
    List<String> ops = m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
    assertEquals(List.of("Conv", "Relu", "Conv", "Clip", "Conv", "LeakyRelu"), ops);
    for (NodeProto n : m.getGraph().getNodeList()) {
      n.getAttributeList().forEach(a -> assertEquals(false, a.getName().startsWith("activation"), n.getName()));
    }
    NodeProto leaky = m.getGraph().getNode(5);
    assertEquals(0.1f, leaky.getAttribute(0).getF());
    assertEquals(List.of("c_leaky"), leaky.getOutputList());

    Graph again = OnnxImporter.fromModel(m, "exported");
    assertEquals(g.type("c_leaky"), again.type("c_leaky"));
    assertEquals(OpType.CLIP, again.node("c_clip.clip").op());
    assertArrayEquals(new float[] {6f}, again.knownValue(again.node("c_clip.clip").input(2)).toFloats());
    assertEquals(g.totalMacs(), again.totalMacs());
  }
}
