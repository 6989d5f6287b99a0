package bsc.sparsify.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.onnxio.OnnxExporter;
import bsc.ir.onnxio.OnnxImporter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QdqExporterTest {
  @Test
  void everyValueIsQuantizedAndDequantizedAroundTheFloatOps() {
    Graph g = QuantizerTest.pointwise(Attributes.empty().with("activation", "relu"));
    QuantizedModel m = Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 3), 0),
        QuantOptions.defaults().withPerChannel(true));
    Graph q = QdqExporter.toGraph(m);
    assertEquals(List.of("x.dq.quantize", "x.dq.dequantize", "conv.w.dequantize", "conv.b.dequantize", "conv",
        "conv.pre.quantize", "conv.pre.dequantize", "conv.relu", "conv.quantize", "conv.dequantize"),
        q.nodes().stream().map(Node::name).toList());
    assertEquals(List.of("x.dq", "conv.w", "conv.b"), q.node("conv").inputs());
    assertEquals("conv", q.outputs().get(0).name());
    assertEquals(DataType.FLOAT, q.outputs().get(0).type().dtype());
    assertEquals(DataType.INT8, q.type("conv.q").dtype());
    assertArrayEquals(new byte[] {64, -32, 64, 8}, q.initializer("conv.w_q").toByteArray());
    assertArrayEquals(new float[] {1 / 128f, 1 / 64f}, q.initializer("conv.w_scale").toFloats());
    assertEquals(0L, q.node("conv.w.dequantize").attrs().getInt("axis", -1));
    assertArrayEquals(new long[] {205, -205}, q.initializer("conv.b_q").toLongs());
    assertArrayEquals(new float[] {1 / 2048f, 1 / 1024f}, q.initializer("conv.b_scale").toFloats());
    assertArrayEquals(new float[] {1 / 16f}, q.initializer("x.dq.scale").toFloats());
    assertArrayEquals(new float[] {1 / 8f}, q.initializer("conv.scale").toFloats());
    assertEquals(OpType.RELU, q.node("conv.relu").op());
    // the ONNX file reads back as the same graph
    Graph back = OnnxImporter.parse(java.nio.ByteBuffer.wrap(OnnxExporter.toBytes(q)), "qdq.onnx");
    assertEquals(q.nodes().size(), back.nodes().size());
  }
}
