package bsc.sparsify.quant;

import bsc.ir.BscException;
import bsc.ir.Graph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A float graph (canonical: BN folded, activations fused) together with everything needed to run it in
 * integers: a fix position for every float value (graph inputs and node outputs) and the int8 weights,
 * int32 biases and shifts of every Conv and fully connected layer. Immutable.
 *
 * <p>Ops other than those layers take their integer meaning from the fix positions alone, through
 * {@link FixedPoint}: Add aligns and rescales ({@link FixedPoint#add}), Concat rescales each input
 * ({@link FixedPoint#rescale}), average pools divide with rounding ({@link FixedPoint#average}); MaxPool,
 * GlobalMaxPool, Relu, Clip, Flatten and Reshape keep their input's fix position and act on the int8
 * values directly (Relu and Clip as clamps at bounds quantized by {@link FixedPoint#quantize}).
 */
public final class QuantizedModel {
  private final Graph graph;
  private final Map<String, Integer> fixPositions;
  private final Map<String, QuantizedLayer> layers;
  private final QuantOptions options;
  private final int calibrationSamples;
  private final boolean representative;

  QuantizedModel(Graph graph, Map<String, Integer> fixPositions, Map<String, QuantizedLayer> layers,
      QuantOptions options, int calibrationSamples, boolean representative) {
    this.graph = graph;
    this.fixPositions = Collections.unmodifiableMap(new LinkedHashMap<>(fixPositions));
    this.layers = Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    this.options = options;
    this.calibrationSamples = calibrationSamples;
    this.representative = representative;
  }

  public Graph graph() {
    return graph;
  }

  /** Fix position of a float value of the graph. */
  public int fix(String value) {
    Integer f = fixPositions.get(value);
    if (f == null) {
      throw new BscException("value " + value, "has no fix position (not a quantized value)");
    }
    return f;
  }

  /** Every value's fix position, in graph order (inputs first). */
  public Map<String, Integer> fixPositions() {
    return fixPositions;
  }

  /** The layer parameters of Conv/Gemm/MatMul node {@code node}, or null for other nodes. */
  public QuantizedLayer layer(String node) {
    return layers.get(node);
  }

  /** Layer parameters by node name, in graph order. */
  public Map<String, QuantizedLayer> layers() {
    return layers;
  }

  public QuantOptions options() {
    return options;
  }

  public int calibrationSamples() {
    return calibrationSamples;
  }

  /** False when calibration ran on the seeded stand-in: the fix positions may not fit real inputs. */
  public boolean representativeCalibration() {
    return representative;
  }
}
