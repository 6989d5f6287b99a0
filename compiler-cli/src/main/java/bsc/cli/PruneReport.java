package bsc.cli;

import bsc.ir.Graph;
import bsc.sparsify.BlockSparseTensor;
import bsc.sparsify.LayerMask;
import bsc.sparsify.MaskSet;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-layer table of {@code bsc prune}: blocks, zero blocks, achieved ratio, and bytes dense (FP32 as in
 * the ONNX file) against compacted (INT8 blocks as the AIE2 stores them, padded to whole blocks, plus the
 * BSR index), with why a layer stayed dense.
 */
@JsonPropertyOrder({"model", "block", "criterion", "eligibleRatio", "weightsSha256", "layers"})
record PruneReport(String model, String block, String criterion, double eligibleRatio, String weightsSha256,
    List<Row> layers) {

  @JsonPropertyOrder({"layer", "weightShape", "blocks", "zeroBlocks", "ratio", "denseBytes",
      "compactValueBytes", "compactIndexBytes", "note"})
  record Row(String layer, String weightShape, long blocks, long zeroBlocks, double ratio, long denseBytes,
      long compactValueBytes, long compactIndexBytes, String note) {}

  static PruneReport of(String model, Graph pruned, MaskSet masks) {
    List<Row> rows = new ArrayList<>();
    for (LayerMask m : masks.list()) {
      var w = pruned.initializer(m.layer().weight());
      long blockBytes = (long) masks.block().rows() * masks.block().cols() * m.layer().taps();
      long indexBytes = (long) (m.mask().rows() + 1) * BlockSparseTensor.ROW_PTR_BYTES
          + (long) m.mask().keptBlocks() * BlockSparseTensor.COL_INDEX_BYTES;
      rows.add(new Row(m.layer().node(), w.shape().toString(), m.mask().blocks(), m.mask().zeroBlocks(),
          round(m.mask().ratio()), w.sizeBytes(), m.mask().keptBlocks() * blockBytes, indexBytes,
          m.denseReason() == null ? "" : m.denseReason()));
    }
    return new PruneReport(model, masks.block().toString(), masks.criterion().id(), round(masks.eligibleRatio()),
        masks.weightsSha256(), rows);
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  void printText(PrintWriter out) {
    TextTable t = new TextTable("layer", "weight", ">blocks", ">zero", ">ratio", ">dense B", ">compact B", "note");
    long dense = 0;
    long compact = 0;
    for (Row r : layers) {
      t.row(r.layer(), r.weightShape(), r.blocks(), r.zeroBlocks(), pct(r.ratio()),
          InspectionText.grouped(r.denseBytes()), InspectionText.grouped(r.compactValueBytes() + r.compactIndexBytes()),
          r.note());
      dense += r.denseBytes();
      compact += r.compactValueBytes() + r.compactIndexBytes();
    }
    t.print(out, "");
    out.printf(Locale.ROOT, "%s: %s blocks, %s zero blocks over eligible layers; weights %s B (f32) -> %s B"
        + " compacted (int8 + index)%n", model, block, pct(eligibleRatio), InspectionText.grouped(dense),
        InspectionText.grouped(compact));
    out.println("defaults: first conv dense; grouped/depthwise convs with fewer input channels per group than the"
        + " block dense; classifier FC dense unless --include-fc");
  }

  private static String pct(double f) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * f);
  }
}
