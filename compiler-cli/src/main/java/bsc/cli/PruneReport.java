package bsc.cli;

import bsc.ir.Graph;
import bsc.sim.fp32.OutputChange;
import bsc.sparsify.BlockSparseTensor;
import bsc.sparsify.LayerMask;
import bsc.sparsify.MaskSet;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-layer table of {@code bsc prune}: blocks, zero blocks, achieved ratio, and bytes dense (FP32 as in
 * the ONNX file) against compacted (INT8 blocks as the AIE2 stores them, padded to whole blocks, plus the
 * BSR index), with why a layer stayed dense.
 */
@JsonPropertyOrder({"model", "block", "criterion", "eligibleRatio", "weightsSha256", "layers"})
record PruneReport(String model, String block, String criterion, double eligibleRatio, String weightsSha256,
    List<Row> layers) {

  @JsonPropertyOrder({"layer", "weightShape", "blocks", "zeroBlocks", "ratio", "denseBytes",
      "compactValueBytes", "compactIndexBytes", "outputChangeAlone", "outputChange", "note"})
  record Row(String layer, String weightShape, long blocks, long zeroBlocks, double ratio, long denseBytes,
      long compactValueBytes, long compactIndexBytes, Double outputChangeAlone, Double outputChange, String note) {}

  /**
   * The table; {@code changes} holds the relative output change of each measured layer (empty when not
   * measured: the JSON fields are then null and the text table leaves the columns out).
   */
  static PruneReport of(String model, Graph pruned, MaskSet masks, Map<String, OutputChange.Change> changes) {
    List<Row> rows = new ArrayList<>();
    for (LayerMask m : masks.list()) {
      var w = pruned.initializer(m.layer().weight());
      long blockBytes = (long) masks.block().rows() * masks.block().cols() * m.layer().taps();
      long indexBytes = (long) (m.mask().rows() + 1) * BlockSparseTensor.ROW_PTR_BYTES
          + (long) m.mask().keptBlocks() * BlockSparseTensor.COL_INDEX_BYTES;
      OutputChange.Change c = changes.get(m.layer().node());
      rows.add(new Row(m.layer().node(), w.shape().toString(), m.mask().blocks(), m.mask().zeroBlocks(),
          round(m.mask().ratio()), w.sizeBytes(), m.mask().keptBlocks() * blockBytes, indexBytes,
          c == null ? null : significant(c.alone()), c == null ? null : significant(c.cumulative()),
          m.denseReason() == null ? "" : m.denseReason()));
    }
    return new PruneReport(model, masks.block().toString(), masks.criterion().id(), round(masks.eligibleRatio()),
        masks.weightsSha256(), rows);
  }

  /** Four significant digits: the JSON stays readable and stable across last-bit differences of the sum. */
  private static double significant(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  void printText(PrintWriter out) {
    boolean measured = layers.stream().anyMatch(r -> r.outputChange() != null);
    TextTable t = measured
        ? new TextTable("layer", "weight", ">blocks", ">zero", ">ratio", ">dense B", ">compact B", ">out chg alone",
            ">out chg cumul.", "note")
        : new TextTable("layer", "weight", ">blocks", ">zero", ">ratio", ">dense B", ">compact B", "note");
    long dense = 0;
    long compact = 0;
    for (Row r : layers) {
      List<Object> cells = new ArrayList<>(List.of(r.layer(), r.weightShape(), r.blocks(), r.zeroBlocks(),
          pct(r.ratio()), InspectionText.grouped(r.denseBytes()),
          InspectionText.grouped(r.compactValueBytes() + r.compactIndexBytes())));
      if (measured) {
        cells.add(change(r.outputChangeAlone()));
        cells.add(change(r.outputChange()));
      }
      cells.add(r.note());
      t.row(cells.toArray());
      dense += r.denseBytes();
      compact += r.compactValueBytes() + r.compactIndexBytes();
    }
    t.print(out, "");
    out.printf(Locale.ROOT, "%s: %s blocks, %s zero blocks over eligible layers; weights %s B (f32) -> %s B"
        + " compacted (int8 + index)%n", model, block, pct(eligibleRatio), InspectionText.grouped(dense),
        InspectionText.grouped(compact));
    if (measured) {
      out.println("out chg: ||y' - y|| / ||y|| of the layer's output on one input; alone: the layer's pruned weights"
          + " on the dense model's activations; cumul.: in the pruned model (FP32 executor)");
    }
    out.println("defaults: first conv dense; grouped/depthwise convs with fewer input channels per group than the"
        + " block dense; classifier FC dense unless --include-fc");
  }

  private static String change(Double v) {
    return v == null ? "" : pct(v);
  }

  private static String pct(double f) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * f);
  }
}
