package bsc.cli;

import bsc.cli.compile.CompileSummary;
import bsc.cli.compile.HtmlReport;
import bsc.cli.compile.LayerRow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The terminal summary of {@code bsc compile}. */
final class CompileText {
  private CompileText() {}

  static void print(CompileSummary s, PrintWriter out) {
    String array = HtmlReport.arrayName(s);
    out.println(PlainText.oneLine(String.format(Locale.ROOT, "%s (%s) on the AIE2 array %s, timing model %s",
        s.model(), s.source(), array, s.timing())));
    row(out, "pruning", String.format(Locale.ROOT, "%s blocks, sparsity %.2f: %.1f%% of the eligible layers' blocks"
        + " zero, %.1f%% of all 8x8 blocks the array computes", s.block(), s.sparsity(), 100 * s.achievedSparsity(),
        100 * s.hardwareBlockSparsity()));
    row(out, "classifier", "host".equals(s.classifier()) ? "on the host, as the paper's estimates"
        + " (--include-classifier compiles it)" : "compiled for the array");
    row(out, "weights", String.format(Locale.ROOT, "%s dense -> %s compacted (weights.bin %s)",
        mb(s.weights().denseBytes()), mb(s.weights().compactedBytes()), "int8".equals(s.weightsFile())
            ? "holds INT8 values" : "for timing: chunk structure, zero values; --int8 for values"));
    row(out, "latency", String.format(Locale.ROOT, "%.3f ms dense -> %.3f ms compacted: speed-up %.2fx",
        s.latency().denseMs(), s.latency().sparseMs(), s.speedup().sparsityWithCompaction()));
    row(out, "throughput", String.format(Locale.ROOT, "%.1f -> %.1f inferences/s at batch 1",
        s.latency().denseInferencesPerSecond(), s.latency().sparseInferencesPerSecond()));
    row(out, "speed-up", String.format(Locale.ROOT, "compaction alone %.2fx, sparsity with compaction %.2fx,"
        + " INT8 vs FP32 %s", s.speedup().compactionAlone(), s.speedup().sparsityWithCompaction(),
        s.speedup().int8VsFp32()));
    row(out, "time in", bounds(s.boundShares()) + (s.compaction() ? "" : " (dense baseline)"));
    row(out, "program", String.format(Locale.ROOT, "%d layers, %s instructions, %s%s", s.layers().size(),
        InspectionText.grouped(s.instructions()), "passed the program verifier",
        s.compaction() ? "" : "; written without compaction (--no-compaction)"));
    out.println();
    table(out, "gained most", s, s.gainedMost(), false);
    out.println();
    table(out, "gained least", s, s.gainedLeast(), true);
  }

  private static void row(PrintWriter out, String label, String text) {
    out.println(PlainText.oneLine(String.format(Locale.ROOT, "  %-11s %s", label, text)));
  }

  private static String bounds(Map<String, Double> shares) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> e : shares.entrySet()) {
      b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f%% %s", 100 * e.getValue(),
          e.getKey()));
    }
    return b.append("-bound layers").toString();
  }

  private static void table(PrintWriter out, String title, CompileSummary s, List<String> names, boolean reasons) {
    out.println(title + ":");
    TextTable t = reasons ? new TextTable("layer", "op", ">dense us", ">sparse us", ">speed-up", "reason")
        : new TextTable("layer", "op", ">dense us", ">sparse us", ">speed-up", "bound");
    for (String n : names) {
      LayerRow l = s.layer(n);
      t.row(l.name(), l.op(), f1(l.denseMicros()), f1(l.sparseMicros()), String.format(Locale.ROOT, "%.2fx",
          l.speedup()), reasons ? (l.reason().isEmpty() ? "-" : l.reason()) : l.bound());
    }
    t.print(out, "  ");
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
  }
}
