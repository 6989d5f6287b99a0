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
import bsc.ir.OpType;
import bsc.ir.TensorType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuantizerTest {
  /** x [1,2,4,4] -> conv 1x1 (2 -> 2, bias, activation) -> y. */
  static Graph pointwise(Attributes act) {
    Graph.Builder b = Graph.builder("pointwise");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 2, 4, 4));
    b.addInitializer("w", FixedRanges.floats(new float[] {0.5f, -0.25f, 1.0f, 0.125f}, 2, 2, 1, 1));
    b.addInitializer("b", FixedRanges.floats(new float[] {0.1f, -0.2f}, 2));
    b.add(OpType.CONV, "conv", act, "x", "w", "b");
    return b.addOutput("conv").build();
  }

  @Test
  void perTensorWeightsBiasesAndShiftsFollowTheFixPositions() {
    Graph g = pointwise(Attributes.empty().with("activation", "relu"));
    QuantizedModel m = Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 3), 0), QuantOptions.defaults());
    QuantizedLayer l = m.layer("conv");
    assertEquals(4, l.inputFix());
    assertEquals(3, l.outputFix());
    assertArrayEquals(new int[] {6}, l.weightFix()); // max |w| = 1: 64 <= 127 < 128
    assertArrayEquals(new byte[] {32, -16, 64, 8}, l.weights());
    assertArrayEquals(new int[] {102, -205}, l.bias()); // 0.1 * 2^10 = 102.4, -0.2 * 2^10 = -204.8
    assertArrayEquals(new int[] {7, 7}, l.shift()); // 4 + 6 - 3
    assertEquals(0, l.clampMin());
    assertEquals(127, l.clampMax());
  }

  @Test
  void perChannelWeightsGetOneFixPositionPerOutputChannel() {
    Graph g = pointwise(Attributes.empty());
    QuantizedModel m = Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 3), 0),
        QuantOptions.defaults().withPerChannel(true));
    QuantizedLayer l = m.layer("conv");
    assertArrayEquals(new int[] {7, 6}, l.weightFix());
    assertArrayEquals(new byte[] {64, -32, 64, 8}, l.weights());
    assertArrayEquals(new int[] {205, -205}, l.bias()); // 0.1 * 2^11 = 204.8, -0.2 * 2^10
    assertArrayEquals(new int[] {8, 7}, l.shift());
    assertEquals(-128, l.clampMin());
  }

  @Test
  void clipBoundsAreQuantizedAtTheOutputFixPosition() {
    Attributes relu6 = Attributes.empty().with("activation", "clip").with("activation_min", 0f)
        .with("activation_max", 6f);
    Graph g = pointwise(relu6);
    QuantizedLayer at4 = Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 4), 0),
        QuantOptions.defaults()).layer("conv");
    assertEquals(0, at4.clampMin());
    assertEquals(96, at4.clampMax());
    QuantizedLayer at5 = Quantizer.quantize(g, FixedRanges.calibration(g, 4, Map.of("conv", 5), 0),
        QuantOptions.defaults()).layer("conv");
    assertEquals(127, at5.clampMax()); // 6 * 32 = 192 saturates
  }

  @Test
  void largeBiasLowersTheWeightFixPositionInsteadOfClipping() {
    Graph.Builder b = Graph.builder("big_bias");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 2, 1, 1));
    b.addInitializer("w", FixedRanges.floats(new float[] {1f, 0.5f}, 1, 2, 1, 1));
    b.addInitializer("b", FixedRanges.floats(new float[] {1e6f}, 1));
    b.add(OpType.CONV, "conv", Attributes.empty(), "x", "w", "b");
    Graph g = b.addOutput("conv").build();
    QuantizedLayer l = Quantizer.quantize(g, FixedRanges.calibration(g, 10, Map.of(), -8), QuantOptions.defaults())
        .layer("conv");
    // 1e6 * 2^(10 + f) must stay below 2^31 - 2 * 128 * 127: f = 1 (2.048e9), not 6
    assertArrayEquals(new int[] {1}, l.weightFix());
    assertEquals(2_048_000_000, l.bias(0));
    assertArrayEquals(new byte[] {2, 1}, l.weights());
  }

  @Test
  void fullyConnectedWeightsAreStoredOutputMajorWithAlphaAndBetaFolded() {
    Graph.Builder b = Graph.builder("fc");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 3));
    // B is [in = 3][out = 2] (transB = 0)
    b.addInitializer("B", FixedRanges.floats(new float[] {0.25f, -0.5f, 0.125f, 0.75f, 0f, 0.5f}, 3, 2));
    b.addInitializer("C", FixedRanges.floats(new float[] {0.5f, 1f}, 2));
    b.add(OpType.GEMM, "fc", Attributes.empty().with("alpha", 0.5f).with("beta", 2f), "x", "B", "C");
    Graph g = b.addOutput("fc").build();
    QuantizedLayer l = Quantizer.quantize(g, FixedRanges.calibration(g, 3, Map.of("fc", 2), 0),
        QuantOptions.defaults()).layer("fc");
    assertEquals(bsc.ir.Shape.of(2, 3), l.weightShape());
    assertArrayEquals(new int[] {8}, l.weightFix()); // max |0.5 * B| = 0.375: 96 <= 127
    // W = alpha * B^T = [[0.125, 0.0625, 0], [-0.25, 0.375, 0.25]] at 2^8
    assertArrayEquals(new byte[] {32, 16, 0, -64, 96, 64}, l.weights());
    assertArrayEquals(new int[] {2048, 4096}, l.bias()); // beta * C at 2^(3 + 8)
  }

  @Test
  void opsThatSelectOrClampKeepTheirInputFixPosition() {
    Graph.Builder b = Graph.builder("keep");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 8, 4, 4));
    b.add(OpType.RELU, "relu", Attributes.empty(), "x");
    b.add(OpType.MAX_POOL, "pool", Attributes.empty().with("kernel_shape", new long[] {2, 2})
        .with("strides", new long[] {2, 2}), "relu");
    b.add(OpType.FLATTEN, "flat", Attributes.empty(), "pool");
    Graph g = b.addOutput("flat").build();
    QuantizedModel m = Quantizer.quantize(g, FixedRanges.calibration(g, 5, Map.of(), 1), QuantOptions.defaults());
    assertEquals(Map.of("x", 5, "relu", 5, "pool", 5, "flat", 5), m.fixPositions());
    assertTrue(m.layers().isEmpty());
    assertTrue(m.representativeCalibration());
  }

  @Test
  void anOpWithoutAnInt8FormFailsNamingTheNode() {
    Graph.Builder b = Graph.builder("sig");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 4));
    b.add(OpType.SIGMOID, "gate", Attributes.empty(), "x");
    Graph g = b.addOutput("gate").build();
    BscException e = assertThrows(BscException.class, () -> Quantizer.checkSupported(g));
    assertEquals("node gate", e.where());
    assertTrue(e.what().contains("Sigmoid"), e.what());
  }

  @Test
  void leakyReluFusedIntoAConvIsRejected() {
    Graph g = pointwise(Attributes.empty().with("activation", "leaky_relu").with("activation_alpha", 0.1f));
    BscException e = assertThrows(BscException.class, () -> Quantizer.checkSupported(g));
    assertTrue(e.what().contains("leaky_relu"), e.what());
  }

  @Test
  void seededCalibrationIsDeterministicAndFlaggedNotRepresentative() {
    Graph g = pointwise(Attributes.empty());
    CalibrationInputs a = CalibrationInputs.seededNormal(g, 2, 9);
    CalibrationInputs b = CalibrationInputs.seededNormal(g, 2, 9);
    assertFalse(a.representative());
    assertEquals(2, a.samples().size());
    assertArrayEquals(a.samples().get(1).get("x").toFloats(), b.samples().get(1).get("x").toFloats());
    QuantizedModel m = Quantizer.quantize(g, a, FixedRanges.source(Map.of(), 3), QuantOptions.defaults());
    assertFalse(m.representativeCalibration());
    assertEquals(2, m.calibrationSamples());
  }
}
