package bsc.sparsify.quant;

import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration data that gives every value the fix position a test asks for: the activation source reports
 * a single value 127 * 2^-f per output, the input sample holds 127 * 2^-f of its input.
 */
final class FixedRanges {
  private FixedRanges() {}

  static float rangeOf(int fix) {
    return Math.scalb(127f, -fix);
  }

  static ActivationSource source(Map<String, Integer> fix, int otherwise) {
    return (g, in) -> {
      Map<String, float[]> out = new LinkedHashMap<>();
      for (Value v : g.outputs()) {
        out.put(v.name(), new float[] {rangeOf(fix.getOrDefault(v.name(), otherwise)), -0.5f});
      }
      return out;
    };
  }

  static CalibrationInputs inputs(Graph g, int fix) {
    Value x = g.inputs().get(0);
    float[] v = new float[(int) x.type().shape().elements()];
    v[0] = rangeOf(fix);
    return CalibrationInputs.of(List.of(Map.of(x.name(), Tensor.ofFloats(x.type().shape(), v))));
  }

  static Calibration calibration(Graph g, int inputFix, Map<String, Integer> fix, int otherwise) {
    return Calibration.observe(g, inputs(g, inputFix), source(fix, otherwise));
  }

  static Tensor floats(float[] values, long... dims) {
    return Tensor.ofFloats(Shape.of(dims), values);
  }

  static Tensor zeros(DataType t, long... dims) {
    return Tensor.ofFloats(Shape.of(dims), new float[(int) Shape.of(dims).elements()]);
  }
}
