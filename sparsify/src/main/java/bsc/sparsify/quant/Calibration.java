package bsc.sparsify.quant;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import bsc.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FP32 statistics of every float value of a graph (its inputs and node outputs) over calibration inputs.
 * {@link #observe} runs the graph once per sample through an {@link ActivationSource} and keeps only
 * histograms, so memory does not grow with the number of samples.
 */
public final class Calibration {
  private final Map<String, ValueRange> ranges;
  private final int samples;
  private final boolean representative;

  private Calibration(Map<String, ValueRange> ranges, int samples, boolean representative) {
    this.ranges = Collections.unmodifiableMap(ranges);
    this.samples = samples;
    this.representative = representative;
  }

  public static Calibration observe(Graph g, CalibrationInputs inputs, ActivationSource source) {
    List<String> observed = observedValues(g);
    Graph.Builder b = g.toBuilder();
    b.outputs().clear();
    for (String v : observed) {
      if (!isInput(g, v)) {
        b.addOutput(v);
      }
    }
    Graph probe = b.build();
    Map<String, ValueRange> ranges = new LinkedHashMap<>();
    for (String v : observed) {
      ranges.put(v, new ValueRange());
    }
    for (Map<String, Tensor> sample : inputs.samples()) {
      Map<String, float[]> values = new LinkedHashMap<>(source.run(probe, sample));
      for (Value in : g.inputs()) {
        Tensor t = sample.get(in.name());
        if (t == null) {
          throw new BscException("calibration", "a sample lacks input " + in.name());
        }
        values.put(in.name(), t.toFloats());
      }
      for (String v : observed) {
        float[] x = values.get(v);
        if (x == null) {
          throw new IllegalStateException("activation source returned no value " + v);
        }
        if (!ranges.get(v).add(x)) {
          throw new BscException("calibration", "value " + v + " is not finite (NaN or infinity) in FP32");
        }
      }
    }
    return new Calibration(ranges, inputs.samples().size(), inputs.representative());
  }

  /** Float graph inputs and float node outputs, in graph order. */
  static List<String> observedValues(Graph g) {
    List<String> out = new ArrayList<>();
    for (Value v : g.inputs()) {
      if (v.type().dtype() == DataType.FLOAT) {
        out.add(v.name());
      }
    }
    for (Node n : g.nodes()) {
      for (String o : n.outputs()) {
        if (!o.isEmpty() && g.type(o).dtype() == DataType.FLOAT && !out.contains(o)) {
          out.add(o);
        }
      }
    }
    return out;
  }

  private static boolean isInput(Graph g, String name) {
    return g.inputs().stream().anyMatch(v -> v.name().equals(name));
  }

  /** The statistics of {@code value}; a BscException when calibration did not observe it. */
  public ValueRange range(String value) {
    ValueRange r = ranges.get(value);
    if (r == null) {
      throw new BscException("calibration", "value " + value + " was not calibrated");
    }
    return r;
  }

  public Map<String, ValueRange> ranges() {
    return ranges;
  }

  public int samples() {
    return samples;
  }

  /** False when the inputs were the seeded stand-in rather than the user's data. */
  public boolean representative() {
    return representative;
  }
}
