package bsc.cli;

import bsc.cli.Inspection.BlockReport;
import bsc.cli.Inspection.LayerBlocks;
import bsc.cli.Inspection.NodeRow;
import bsc.cli.Inspection.Totals;
import bsc.cli.Inspection.TypedValue;
import bsc.ir.IrPrinter;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The text form of {@link Inspection}, for people: header, node table, totals, block table. */
final class InspectionText {
  private InspectionText() {}

  static void write(Inspection r, PrintWriter out) {
    out.println(PlainText.oneLine("model " + r.model() + " (" + r.source() + (r.canonical() ? ", canonicalized" : "")
        + "): graph " + r.graph() + ", opset " + r.opset()));
    for (TypedValue v : r.inputs()) {
      out.println(PlainText.oneLine("  input  %" + v.name() + " : " + type(v)));
    }
    for (TypedValue v : r.outputs()) {
      out.println(PlainText.oneLine("  output %" + v.name() + " : " + type(v)));
    }
    out.println();
    nodes(r.nodes()).print(out, "");
    out.println();
    totals(r.totals(), out);
    if (r.symbolic()) {
      out.println("note: ? is a symbolic dimension; nodes whose output shape has one show MACs as ?"
          + " and are left out of the MAC total");
    }
    out.println();
    blocks(r.blocks(), out);
  }

  private static TextTable nodes(List<NodeRow> rows) {
    TextTable t = new TextTable("node", "op", "output", ">params", ">MACs");
    for (NodeRow n : rows) {
      List<String> types = new ArrayList<>();
      for (TypedValue v : n.outputs()) {
        types.add(type(v));
      }
      t.row(n.name(), n.op(), String.join(", ", types), n.params() == 0 ? "-" : grouped(n.params()), macs(n.macs()));
    }
    return t;
  }

  private static void totals(Totals t, PrintWriter out) {
    out.printf(Locale.ROOT, "total: %s, %s params, %s MACs (%s)%n", count(t.nodes(), "node"), grouped(t.params()),
        IrPrinter.formatMacs(t.macs()), grouped(t.macs()));
    if (t.unknownMacNodes() > 0) {
      out.printf(Locale.ROOT, "       MACs unknown for %s with symbolic shapes%n", count(t.unknownMacNodes(), "node"));
    }
  }

  private static void blocks(BlockReport b, PrintWriter out) {
    if (b.layers().isEmpty()) {
      out.println("blocks " + b.block() + ": the model has no conv or fully connected layer with a constant weight");
      return;
    }
    out.println("blocks " + b.block() + " (output x input channels, all kernel taps) of conv and fully connected"
        + " weights:");
    TextTable t = new TextTable("layer", "op", "weight", ">grid", ">blocks", ">all-zero", ">zero %");
    for (LayerBlocks l : b.layers()) {
      t.row(l.node(), l.op(), dims(l.weightShape()), l.blockRows() + "x" + l.blockCols(), grouped(l.blocks()),
          grouped(l.zeroBlocks()), percent(l.zeroFraction()));
    }
    t.print(out, "  ");
    out.printf(Locale.ROOT, "total: %s, %s blocks, %s all-zero (%s%%)%n", count(b.layers().size(), "layer"),
        grouped(b.blocks()), grouped(b.zeroBlocks()), percent(b.zeroFraction()));
  }

  static String type(TypedValue v) {
    return (v.shape().isEmpty() ? "scalar" : dims(v.shape())) + " " + v.dtype();
  }

  static String dims(List<Long> shape) {
    List<String> parts = new ArrayList<>();
    for (Long d : shape) {
      parts.add(d == null ? "?" : d.toString());
    }
    return String.join("x", parts);
  }

  private static String macs(Long macs) {
    if (macs == null) {
      return "?";
    }
    return macs == 0 ? "-" : IrPrinter.formatMacs(macs);
  }

  /** "1 node", "122 nodes". */
  private static String count(long n, String noun) {
    return grouped(n) + " " + noun + (n == 1 ? "" : "s");
  }

  static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f", 100 * fraction);
  }
}
