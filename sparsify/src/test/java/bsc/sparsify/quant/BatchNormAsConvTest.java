package bsc.sparsify.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.TensorType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormAsConvTest {
  @Test
  void aBatchNormAfterAPoolIsQuantizedAsADepthwiseOneByOneConv() {
    Graph.Builder b = Graph.builder("pool_bn");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 2, 4, 4));
    b.add(OpType.MAX_POOL, "pool", Attributes.empty().with("kernel_shape", new long[] {2, 2})
        .with("strides", new long[] {2, 2}), "x");
    b.addInitializer("gamma", FixedRanges.floats(new float[] {2f, -1f}, 2));
    b.addInitializer("beta", FixedRanges.floats(new float[] {0.5f, 0f}, 2));
    b.addInitializer("mean", FixedRanges.floats(new float[] {1f, 0.25f}, 2));
    b.addInitializer("var", FixedRanges.floats(new float[] {3f, 0f}, 2));
    b.add(OpType.BATCH_NORMALIZATION, "bn", Attributes.empty().with("epsilon", 1f), "pool", "gamma", "beta",
        "mean", "var");
    Graph g = b.addOutput("bn").build();
    Quantizer.checkSupported(g);
    QuantizedModel m = Quantizer.withFixPositions(g, Map.of("x", 4, "bn", 4), QuantOptions.defaults());
    Node conv = m.graph().node("bn");
    assertEquals(OpType.CONV, conv.op());
    assertEquals(2, conv.attrs().getInt("group", 1));
    // s = gamma / sqrt(var + 1) = 1, -1; bias = beta - mean * s = -0.5, 0.25
    assertArrayEquals(new float[] {1f, -1f}, m.graph().initializer(conv.input(1)).toFloats());
    assertArrayEquals(new float[] {-0.5f, 0.25f}, m.graph().initializer(conv.input(2)).toFloats());
    QuantizedLayer l = m.layer("bn");
    assertArrayEquals(new byte[] {64, -64}, l.weights()); // fix 6
    assertArrayEquals(new int[] {-512, 256}, l.bias()); // at fix 4 + 6
    assertEquals(4, m.fix("pool"));
  }
}
