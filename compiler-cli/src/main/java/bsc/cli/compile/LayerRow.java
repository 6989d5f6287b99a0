package bsc.cli.compile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One compiled layer, dense baseline against compacted: the row of layers.csv, of {@code --json} and of the
 * HTML report's table.
 *
 * @param weights the weight shape Cout x Cin/groups x kh x kw, or "" for layers without weights
 * @param output the output tensor H x W x C
 * @param macs the layer's MACs with every block computed
 * @param zeroBlockRatio all-zero 8x8 blocks over the layer's blocks (0 for layers without blocks)
 * @param split how the work is divided over the array (lowering's choice)
 * @param residency "memtile" when the layer's tensors stay on chip, "ddr" when some stream from DDR
 * @param bound what limits the compacted layer: compute, weights, activations or ddr
 * @param weightShare weight bytes over all bytes the compacted layer moves (weights, inputs and output)
 * @param reason plain words for a small gain ({@link LayerRows#SMALL_GAIN}), else ""
 */
@JsonPropertyOrder({"index", "name", "op", "weights", "output", "macs", "zeroBlockRatio", "split", "residency", "bound",
    "denseMicros", "sparseMicros", "speedup", "weightBytesDense", "weightBytesCompacted", "blockImbalance",
    "weightShare", "reason"})
public record LayerRow(
    int index,
    String name,
    String op,
    String weights,
    String output,
    long macs,
    double zeroBlockRatio,
    String split,
    String residency,
    String bound,
    double denseMicros,
    double sparseMicros,
    long weightBytesDense,
    long weightBytesCompacted,
    double blockImbalance,
    double weightShare,
    String reason) {

  /** Dense time over compacted time (1.0 for a layer that takes no time in both). */
  @JsonProperty("speedup")
  public double speedup() {
    return sparseMicros == 0 ? 1.0 : denseMicros / sparseMicros;
  }

  public boolean hasWeights() {
    return !weights.isEmpty();
  }
}
