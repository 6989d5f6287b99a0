package bsc.cli.compile;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * report.html: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the summary, a bar
 * chart of per-layer time dense vs compacted, the time per instruction kind, the timeline of both programs and
 * the per-layer table. Deterministic: the same compile gives the same bytes.
 */
public final class HtmlReport {
  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1320px;color:#1a202c;padding:0 16px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
      .sub{color:#4a5568;margin:0 0 16px}
      dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}dt{color:#4a5568}dd{margin:0}
      .big{font-size:20px;font-weight:600}
      table{border-collapse:collapse;font-size:12.5px;width:100%}
      th,td{padding:3px 6px;border-bottom:1px solid #edf2f7;text-align:left;white-space:nowrap}
      td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.r{white-space:normal;min-width:260px;color:#9b2c2c}
      tr:hover td{background:#f7fafc}
      .legend span{display:inline-block;margin-right:14px}.sw{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px}
      svg text{font:11px system-ui,sans-serif;fill:#2d3748}.scroll{overflow-x:auto}
      """;
  static final String DENSE = "#a0aec0";
  static final String SPARSE = "#2b6cb0";
  static final Map<String, String> BOUND_COLORS = Map.of("compute", "#2f855a", "weights", "#b7791f",
      "activations", "#c53030", "ddr", "#6b46c1");

  private HtmlReport() {}

  public static String of(CompileSummary s, CompileResult r) {
    StringBuilder b = new StringBuilder(1 << 16);
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>bsc compile: ")
        .append(esc(s.model())).append(" on ").append(esc(arrayName(s))).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    summary(b, s);
    b.append("<h2>Per-layer time, dense baseline vs compacted</h2>\n");
    legend(b, new String[] {"dense baseline", DENSE, "compacted", SPARSE});
    b.append("<div class=\"scroll\">").append(Charts.layerBars(s.layers())).append("</div>\n");
    b.append("<h2>Time per instruction kind</h2>\n<p class=\"sub\">Summed durations of each kind's instructions;"
        + " instructions overlap, so the sums exceed the latency.</p>\n");
    legend(b, new String[] {"dense baseline", DENSE, "compacted", SPARSE});
    b.append(Charts.kindBars(s.instructionMillis())).append('\n');
    b.append("<h2>Timeline</h2>\n<p class=\"sub\">Layers one after another, coloured by what bounds them; hover a"
        + " layer for its name and time. trace.json holds every instruction (open it in Perfetto).</p>\n");
    legend(b, new String[] {"compute", BOUND_COLORS.get("compute"), "weights", BOUND_COLORS.get("weights"),
        "activations", BOUND_COLORS.get("activations"), "DDR", BOUND_COLORS.get("ddr")});
    b.append("<div class=\"scroll\">").append(Charts.timeline(r)).append("</div>\n");
    table(b, s.layers());
    b.append("<p class=\"sub\">Written by bsc compile. Times from the ").append(esc(s.timing()))
        .append(" timing model of the simulator; the dense baseline is the same pruned model compiled without"
            + " compaction.</p>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void summary(StringBuilder b, CompileSummary s) {
    b.append("<h1>").append(esc(s.model())).append(" on the AIE2 array ").append(esc(arrayName(s)))
        .append("</h1>\n<p class=\"sub\">").append(esc(s.source())).append(" model, ").append(esc(s.block()))
        .append(" blocks, sparsity ").append(f(2, s.sparsity())).append(", timing model ").append(esc(s.timing()))
        .append(", classifier ").append("host".equals(s.classifier()) ? "on the host" : "on the array")
        .append("</p>\n<dl>\n");
    dd(b, "latency", "<span class=\"big\">" + f(3, s.latency().denseMs()) + " ms &rarr; " + f(3, s.latency().sparseMs())
        + " ms</span> (dense baseline &rarr; compacted)");
    dd(b, "speed-up", "<span class=\"big\">" + f(2, s.speedup().sparsityWithCompaction()) + "x</span> from sparsity"
        + " with compaction; compaction alone " + f(2, s.speedup().compactionAlone()) + "x; INT8 vs FP32 "
        + esc(s.speedup().int8VsFp32()));
    dd(b, "throughput", f(1, s.latency().denseInferencesPerSecond()) + " &rarr; "
        + f(1, s.latency().sparseInferencesPerSecond()) + " inferences/s at batch 1");
    dd(b, "weights", f(2, s.weights().denseBytes() / 1e6) + " MB &rarr; " + f(2, s.weights().compactedBytes() / 1e6)
        + " MB (weights.bin " + ("int8".equals(s.weightsFile()) ? "holds INT8 values" : "compiled for timing: chunk"
        + " structure, zero values") + ")");
    dd(b, "zero blocks", f(1, 100 * s.achievedSparsity()) + "% of the eligible layers' " + esc(s.block())
        + " blocks; " + f(1, 100 * s.hardwareBlockSparsity()) + "% of all 8x8 blocks the array computes");
    StringBuilder shares = new StringBuilder();
    for (Map.Entry<String, Double> e : s.boundShares().entrySet()) {
      shares.append(shares.length() == 0 ? "" : ", ").append(f(0, 100 * e.getValue())).append("% ")
          .append(esc(e.getKey()));
    }
    dd(b, "time in", shares + "-bound layers");
    dd(b, "program", s.layers().size() + " layers, " + s.instructions() + " instructions, passed the "
        + esc(s.verified()));
    dd(b, "gained most", esc(String.join(", ", s.gainedMost())));
    dd(b, "gained least", esc(String.join(", ", s.gainedLeast())));
    b.append("</dl>\n");
  }

  /** "4x4", or "phoenix (4x5)" for a named target. */
  public static String arrayName(CompileSummary s) {
    return s.target().equals(s.array()) ? s.array() : s.target() + " (" + s.array() + ")";
  }

  private static void dd(StringBuilder b, String term, String html) {
    b.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
  }

  private static void legend(StringBuilder b, String[] labelColor) {
    b.append("<p class=\"legend\">");
    for (int i = 0; i < labelColor.length; i += 2) {
      b.append("<span><i class=\"sw\" style=\"background:").append(labelColor[i + 1]).append("\"></i>")
          .append(esc(labelColor[i])).append("</span>");
    }
    b.append("</p>\n");
  }

  private static void table(StringBuilder b, List<LayerRow> rows) {
    b.append("<h2>Layers</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th>#</th><th>layer</th><th>op</th>"
        + "<th>weights</th><th>output</th><th class=\"n\">MMAC</th><th class=\"n\">zero blocks</th><th>split</th>"
        + "<th>in</th><th>bound</th><th class=\"n\">dense &micro;s</th><th class=\"n\">sparse &micro;s</th>"
        + "<th class=\"n\">speed-up</th><th>why little gain</th></tr></thead>\n<tbody>\n");
    for (LayerRow l : rows) {
      b.append("<tr><td class=\"n\">").append(l.index()).append("</td><td>").append(esc(l.name())).append("</td><td>")
          .append(esc(l.op())).append("</td><td>").append(esc(l.weights())).append("</td><td>").append(esc(l.output()))
          .append("</td><td class=\"n\">").append(f(1, l.macs() / 1e6)).append("</td><td class=\"n\">")
          .append(l.hasWeights() ? f(0, 100 * l.zeroBlockRatio()) + "%" : "").append("</td><td>").append(esc(l.split()))
          .append("</td><td>").append(esc(l.residency())).append("</td><td>").append(esc(l.bound()))
          .append("</td><td class=\"n\">").append(f(1, l.denseMicros())).append("</td><td class=\"n\">")
          .append(f(1, l.sparseMicros())).append("</td><td class=\"n\">").append(f(2, l.speedup()))
          .append("x</td><td class=\"r\">").append(esc(l.reason())).append("</td></tr>\n");
    }
    b.append("</tbody></table></div>\n");
  }

  static String f(int decimals, double v) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** Text as HTML: the five special characters escaped, control characters dropped. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (!Character.isISOControl(c)) {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
