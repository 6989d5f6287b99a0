package bsc.sparsify.quant;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The inputs calibration runs the model on: one map of input tensors per sample (a tensor may be a batch).
 * {@code representative} is false for the seeded normal stand-in used when the user gives no data: the
 * fix positions it yields fit random inputs, not the inputs the model will see.
 */
public record CalibrationInputs(List<Map<String, Tensor>> samples, boolean representative) {
  /** Samples of the seeded stand-in when the caller asks for none. */
  public static final int DEFAULT_SEEDED_SAMPLES = 4;

  public CalibrationInputs {
    if (samples.isEmpty()) {
      throw new BscException("calibration", "no calibration inputs");
    }
    List<Map<String, Tensor>> copy = new ArrayList<>();
    for (Map<String, Tensor> s : samples) {
      copy.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(s)));
    }
    samples = List.copyOf(copy);
  }

  /** User-supplied data: representative. */
  public static CalibrationInputs of(List<Map<String, Tensor>> samples) {
    return new CalibrationInputs(samples, true);
  }

  /**
   * {@code count} samples of standard normal values for every float input of {@code g} (at the graph's
   * input shapes, symbolic dimensions taken as 1), from {@code seed}: not representative.
   */
  public static CalibrationInputs seededNormal(Graph g, int count, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Map<String, Tensor>> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Tensor> sample = new LinkedHashMap<>();
      for (Value v : g.inputs()) {
        if (v.type().dtype() != DataType.FLOAT) {
          throw new BscException("input " + v.name(), "calibration needs float inputs, not "
              + v.type().dtype().shortName());
        }
        long[] dims = v.type().shape().toArray();
        for (int d = 0; d < dims.length; d++) {
          dims[d] = dims[d] == Shape.UNKNOWN ? 1 : dims[d];
        }
        Shape shape = Shape.of(dims);
        float[] x = new float[Math.toIntExact(shape.elements())];
        for (int j = 0; j < x.length; j++) {
          x[j] = (float) rng.nextGaussian();
        }
        sample.put(v.name(), Tensor.ofFloats(shape, x));
      }
      samples.add(sample);
    }
    return new CalibrationInputs(samples, false);
  }
}
