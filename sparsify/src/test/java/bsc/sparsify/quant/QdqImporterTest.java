package bsc.sparsify.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.onnxio.OnnxExporter;
import bsc.ir.onnxio.OnnxImporter;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QdqImporterTest {
  /** Fix positions that differ from value to value (1..6), so a value read back with another's shows. */
  private static QuantizedModel quantize(Graph g, boolean perChannel) {
    Map<String, Integer> fix = new LinkedHashMap<>();
    int i = 0;
    for (Node n : g.nodes()) {
      fix.put(n.output(), 1 + i++ % 6);
    }
    return Quantizer.quantize(g, FixedRanges.calibration(g, 4, fix, 3), QuantOptions.defaults().withPerChannel(perChannel));
  }

  private static Graph throughOnnx(Graph g) {
    return OnnxImporter.parse(ByteBuffer.wrap(OnnxExporter.toBytes(g)), "qdq.onnx");
  }

  private static void assertSameIntegers(QuantizedModel want, QuantizedModel got) {
    assertEquals(want.fixPositions(), got.fixPositions());
    assertEquals(want.layers().keySet(), got.layers().keySet());
    for (QuantizedLayer w : want.layers().values()) {
      QuantizedLayer l = got.layer(w.node());
      assertArrayEquals(w.weights(), l.weights(), w.node());
      assertArrayEquals(w.weightFix(), l.weightFix(), w.node());
      assertArrayEquals(w.bias(), l.bias(), w.node());
      assertArrayEquals(w.shift(), l.shift(), w.node());
      assertEquals(w.clampMin(), l.clampMin(), w.node());
      assertEquals(w.clampMax(), l.clampMax(), w.node());
      assertEquals(w.weightShape(), l.weightShape(), w.node());
    }
    assertEquals(QuantSidecar.digest(want), QuantSidecar.digest(got));
    assertEquals(want.graph().nodes().stream().map(n -> n.op() + " " + n.output() + " " + n.attrs().getString(
        "activation", "")).toList(), got.graph().nodes().stream().map(n -> n.op() + " " + n.output() + " "
        + n.attrs().getString("activation", "")).toList());
  }

  @ParameterizedTest
  @CsvSource({"tiny_cnn, false", "tiny_cnn, true", "mobilenet_v2, true", "resnet18, false"})
  void theExportedQdqFileReadsBackAsTheSameIntegers(String name, boolean perChannel) {
    Graph g = PassManager.canonical().run(BuiltinModels.build(name));
    QuantizedModel m = quantize(g, perChannel);
    Graph qdq = throughOnnx(QdqExporter.toGraph(m));
    assertTrue(QdqImporter.isQdq(qdq));
    assertFalse(QdqImporter.isQdq(g));
    assertSameIntegers(m, QdqImporter.toModel(qdq));
  }

  @Test
  void aWeightFixLoweredForALargeBiasSurvivesTheRoundTrip() {
    Graph.Builder b = Graph.builder("big_bias");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 2, 1, 1));
    b.addInitializer("w", FixedRanges.floats(new float[] {1f, 0.5f}, 1, 2, 1, 1));
    b.addInitializer("b", FixedRanges.floats(new float[] {1e6f}, 1));
    b.add(OpType.CONV, "conv", Attributes.empty(), "x", "w", "b");
    Graph g = b.addOutput("conv").build();
    QuantizedModel m = Quantizer.quantize(g, FixedRanges.calibration(g, 10, Map.of(), -8), QuantOptions.defaults());
    assertTrue(m.layer("conv").weightFix()[0] < 6); // lowered: the weights alone would take fix 6
    assertSameIntegers(m, QdqImporter.toModel(throughOnnx(QdqExporter.toGraph(m))));
  }

  @Test
  void aFullyConnectedLayerWithAFusedClipRoundTrips() {
    Graph.Builder b = Graph.builder("fc");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 3));
    b.addInitializer("B", FixedRanges.floats(new float[] {1f, -0.5f, 0.25f, 0.75f, -1f, 0.5f}, 3, 2));
    b.addInitializer("C", FixedRanges.floats(new float[] {0.1f, -2f}, 2));
    b.add(OpType.GEMM, "fc", Attributes.empty().with("alpha", 0.5f).with("activation", "clip")
        .with("activation_min", -1f).with("activation_max", 6f), "x", "B", "C");
    Graph g = b.addOutput("fc").build();
    for (boolean perChannel : new boolean[] {false, true}) {
      QuantizedModel m = Quantizer.quantize(g, FixedRanges.calibration(g, 2, Map.of("fc", 4), 0),
          QuantOptions.defaults().withPerChannel(perChannel));
      QuantizedModel back = QdqImporter.toModel(throughOnnx(QdqExporter.toGraph(m)));
      assertSameIntegers(m, back);
      assertEquals(-16, back.layer("fc").clampMin()); // -1 at fix 4
      assertEquals(96, back.layer("fc").clampMax());
    }
  }

  /** The exported pointwise conv with one initializer replaced. */
  private static Graph withInitializer(String name, Tensor t) {
    Graph g = QuantizerTest.pointwise(Attributes.empty().with("activation", "relu"));
    Graph q = QdqExporter.toGraph(Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 3), 0),
        QuantOptions.defaults()));
    return q.toBuilder().removeInitializer(name).addInitializer(name, t).build();
  }

  @Test
  void modelsOutsideBscsIntegerFormAreOneLineErrors() {
    BscException scale = assertThrows(BscException.class, () -> QdqImporter.toModel(
        withInitializer("conv.scale", Tensor.ofFloats(Shape.scalar(), new float[] {0.1f}))));
    assertTrue(scale.getMessage().contains("is not a power of two"), scale.getMessage());
    BscException zp = assertThrows(BscException.class, () -> QdqImporter.toModel(
        withInitializer("x.dq.zero_point", Tensor.ofBytes(DataType.INT8, Shape.scalar(), new byte[] {3}))));
    assertTrue(zp.getMessage().contains("zero point must be int8 0"), zp.getMessage());
    BscException bias = assertThrows(BscException.class, () -> QdqImporter.toModel(
        withInitializer("conv.b_scale", Tensor.ofFloats(Shape.scalar(), new float[] {1 / 4096f}))));
    assertTrue(bias.getMessage().contains("not the accumulator's 2^-10"), bias.getMessage());
    BscException relu = assertThrows(BscException.class, () -> QdqImporter.toModel(
        withInitializer("conv.pre.scale", Tensor.ofFloats(Shape.scalar(), new float[] {1 / 4f}))));
    assertTrue(relu.getMessage().contains("Relu changes the scale"), relu.getMessage());
  }
}
