package bsc.sparsify.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import bsc.ir.Attributes;
import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  static Graph relu() {
    Graph.Builder b = Graph.builder("relu");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 4));
    b.add(OpType.RELU, "r", Attributes.empty(), "x");
    return b.addOutput("r").build();
  }

  static CalibrationInputs oneSample(Graph g) {
    return CalibrationInputs.of(List.of(Map.of("x", Tensor.ofFloats(bsc.ir.Shape.of(1, 4), new float[] {1, -2, 3, 0.5f}))));
  }

  @Test
  void percentileLetsTheRarestOutliersSaturate() {
    Graph g = relu();
    float[] values = new float[20_000];
    Arrays.fill(values, 0.9f);
    values[7] = 100f; // 2 of 20,000: above the 99.99th percentile (nearest rank 19,998)
    values[9] = -100f;
    values[8] = -1.5f; // rank 19,998 in ascending |x|
    Calibration c = Calibration.observe(g, oneSample(g), (graph, in) -> Map.of("r", values));
    ValueRange r = c.range("r");
    assertEquals(0, r.fixPosition(CalibrationMethod.minMax())); // 100 <= 127
    assertEquals(6, r.fixPosition(CalibrationMethod.defaults())); // 1.5 * 64 = 96
    assertEquals(7, r.fixPosition(CalibrationMethod.percentile(99.9))); // 0.9 * 128 = 115
    assertEquals(100f, r.max());
    assertEquals(-100f, r.min());
    assertEquals(20_000, r.elements());
    assertEquals(5, c.range("x").fixPosition(CalibrationMethod.minMax())); // 3 * 32 = 96, 3 * 64 > 127
  }

  @Test
  void samplesAccumulate() {
    Graph g = relu();
    CalibrationInputs two = CalibrationInputs.of(List.of(oneSample(g).samples().get(0),
        Map.of("x", Tensor.ofFloats(bsc.ir.Shape.of(1, 4), new float[] {9, 0, 0, 0}))));
    int[] calls = {0};
    Calibration c = Calibration.observe(g, two, (graph, in) -> {
      calls[0]++;
      return Map.of("r", in.get("x").toFloats());
    });
    assertEquals(2, calls[0]);
    assertEquals(8, c.range("x").elements());
    assertEquals(3, c.range("r").fixPosition(CalibrationMethod.minMax())); // 9 * 8 = 72, * 16 > 127
  }

  @Test
  void aNonFiniteActivationIsAnError() {
    Graph g = relu();
    BscException e = assertThrows(BscException.class, () -> Calibration.observe(g, oneSample(g),
        (graph, in) -> Map.of("r", new float[] {1, Float.NaN})));
    assertEquals("calibration", e.where());
  }
}
