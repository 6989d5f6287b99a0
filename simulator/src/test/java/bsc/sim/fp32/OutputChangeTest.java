package bsc.sim.fp32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The relative output changes against plain loops over two 1x1 convs (a 2x2 matrix product per pixel). */
class OutputChangeTest {
  private static final float[] X = {1, -2, 3, 0.5f, 2, 1, -1, 4}; // 1x2x2x2: channel 0 then channel 1
  private static final float[] W1 = {1, 2, -1, 0.5f};
  private static final float[] W1P = {1, 0, -1, 0.5f};
  private static final float[] W2 = {0.5f, -1, 2, 1};
  private static final float[] W2P = {0.5f, -1, 0, 1};

  @Test
  void aloneAndCumulativeChangesMatchHandComputedOnes() {
    Graph dense = twoConvs(W1, W2);
    Graph pruned = twoConvs(W1P, W2P);
    Map<String, OutputChange.Change> c = OutputChange.measure(dense, pruned, List.of("conv1", "conv2"),
        Map.of("x", Tensor.ofFloats(Shape.of(1, 2, 2, 2), X)), 1);

    // a layer's output is its conv's, before the ReLU that follows
    float[] y1 = relu(conv(W1, X));
    float[] y1p = relu(conv(W1P, X));
    float[] y2 = conv(W2, y1);
    assertEquals(OutputChange.relative(conv(W1P, X), conv(W1, X)), c.get("conv1").alone(), 1e-6);
    assertEquals(c.get("conv1").alone(), c.get("conv1").cumulative(), 1e-12);
    assertEquals(OutputChange.relative(conv(W2P, y1), y2), c.get("conv2").alone(), 1e-6);
    assertEquals(OutputChange.relative(conv(W2P, y1p), y2), c.get("conv2").cumulative(), 1e-6);
    // the same figures computed by hand (in double precision, outside Java)
    assertEquals(0.859939, c.get("conv1").alone(), 1e-5);
    assertEquals(0.911700, c.get("conv2").alone(), 1e-5);
    assertEquals(0.935741, c.get("conv2").cumulative(), 1e-5);
  }

  @Test
  void relativeDistanceEdgeCases() {
    assertEquals(0.0, OutputChange.relative(new float[] {0, 0}, new float[] {0, 0}));
    assertEquals(Double.POSITIVE_INFINITY, OutputChange.relative(new float[] {1, 0}, new float[] {0, 0}));
    assertEquals(0.25, OutputChange.relative(new float[] {3, 0}, new float[] {4, 0}), 1e-12);
    assertEquals(1.25, OutputChange.relative(new float[] {0, 3}, new float[] {4, 0}), 1e-12);
  }

  @Test
  void aLayerThatIsNotThereIsABscError() {
    Graph g = twoConvs(W1, W2);
    BscException e = assertThrows(BscException.class, () -> OutputChange.measure(g, g, List.of("nope"),
        Map.of("x", Tensor.ofFloats(Shape.of(1, 2, 2, 2), X)), 1));
    assertEquals("nope", e.where());
  }

  private static Graph twoConvs(float[] w1, float[] w2) {
    Graph.Builder b = Graph.builder("two").addInput("x", TensorType.of(DataType.FLOAT, 1, 2, 2, 2));
    b.addInitializer("w1", Tensor.ofFloats(Shape.of(2, 2, 1, 1), w1));
    b.addInitializer("w2", Tensor.ofFloats(Shape.of(2, 2, 1, 1), w2));
    String h = b.add(OpType.CONV, "conv1", Attributes.empty(), "x", "w1");
    String r = b.add(OpType.RELU, "relu1", Attributes.empty(), h);
    return b.addOutput(b.add(OpType.CONV, "conv2", Attributes.empty(), r, "w2")).build();
  }

  /** A 1x1 conv of 2 channels over 4 pixels, as plain loops. */
  private static float[] conv(float[] w, float[] x) {
    float[] y = new float[8];
    for (int o = 0; o < 2; o++) {
      for (int p = 0; p < 4; p++) {
        y[o * 4 + p] = w[o * 2] * x[p] + w[o * 2 + 1] * x[4 + p];
      }
    }
    return y;
  }

  private static float[] relu(float[] x) {
    float[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.max(0, y[i]);
    }
    return y;
  }
}
