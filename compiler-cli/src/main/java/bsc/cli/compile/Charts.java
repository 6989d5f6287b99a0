package bsc.cli.compile;

import static bsc.cli.compile.HtmlReport.esc;
import static bsc.cli.compile.HtmlReport.f;

import bsc.sim.timing.LayerTiming;
import bsc.sim.timing.SimulationResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The inline SVG charts of report.html. Coordinates are rounded to 0.1 px so the output is stable. */
final class Charts {
  private static final int LEFT = 56;
  private static final int TOP = 12;

  private Charts() {}

  /** Two bars per layer (dense, compacted), layer index along x, microseconds up. */
  static String layerBars(List<LayerRow> rows) {
    int plot = 260;
    int slot = Math.max(8, Math.min(22, 1000 / Math.max(1, rows.size())));
    int width = LEFT + rows.size() * slot + 16;
    double max = 0;
    for (LayerRow l : rows) {
      max = Math.max(max, Math.max(l.denseMicros(), l.sparseMicros()));
    }
    double scale = niceMax(max);
    StringBuilder b = svg(width, TOP + plot + 34, "per-layer time dense vs compacted");
    axis(b, plot, scale, "\u00b5s", width);
    double bar = (slot - 2) / 2.0;
    for (LayerRow l : rows) {
      double x = LEFT + l.index() * slot + 1;
      String title = esc(l.name()) + " (" + esc(l.op()) + "): " + f(1, l.denseMicros()) + " \u00b5s dense, "
          + f(1, l.sparseMicros()) + " \u00b5s compacted, " + f(2, l.speedup()) + "x"
          + (l.reason().isEmpty() ? "" : "; " + esc(l.reason()));
      rect(b, x, TOP + plot - h(l.denseMicros(), scale, plot), bar, h(l.denseMicros(), scale, plot),
          HtmlReport.DENSE, title);
      rect(b, x + bar, TOP + plot - h(l.sparseMicros(), scale, plot), bar, h(l.sparseMicros(), scale, plot),
          HtmlReport.SPARSE, title);
      if (l.index() % 10 == 0) {
        b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
            x + bar, TOP + plot + 14, l.index()));
      }
    }
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">layer index</text>%n", LEFT, TOP + plot + 30));
    return b.append("</svg>").toString();
  }

  /** One pair of horizontal bars per instruction kind: summed milliseconds, dense and compacted. */
  static String kindBars(Map<String, Map<String, Double>> millis) {
    Map<String, Double> dense = millis.get("dense");
    Map<String, Double> sparse = millis.get("sparse");
    int label = 70;
    int plot = 620;
    int row = 26;
    double max = 0;
    for (String k : dense.keySet()) {
      max = Math.max(max, Math.max(dense.get(k), sparse.get(k)));
    }
    double scale = niceMax(max);
    StringBuilder b = svg(label + plot + 90, TOP + dense.size() * row + 8, "time per instruction kind");
    int y = TOP;
    for (String k : dense.keySet()) {
      b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", label - 6,
          y + 15, esc(k)));
      double wd = dense.get(k) / scale * plot;
      double ws = sparse.get(k) / scale * plot;
      rect(b, label, y + 2, wd, 10, HtmlReport.DENSE, esc(k) + ": " + f(3, dense.get(k)) + " ms dense");
      rect(b, label, y + 12, ws, 10, HtmlReport.SPARSE, esc(k) + ": " + f(3, sparse.get(k)) + " ms compacted");
      b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s / %s ms</text>%n",
          label + Math.max(wd, ws) + 6, y + 15, f(3, dense.get(k)), f(3, sparse.get(k))));
      y += row;
    }
    return b.append("</svg>").toString();
  }

  /** Both programs' layers along one time axis, each layer coloured by its bound. */
  static String timeline(CompileResult r) {
    int plot = 1040;
    int lane = 30;
    double total = Math.max(r.denseTime().totalCycles(), r.sparseTime().totalCycles());
    double ms = total / r.denseTime().clockHz() * 1e3;
    StringBuilder b = svg(LEFT + plot + 20, TOP + 2 * lane + 36, "timeline of both programs");
    lane(b, "dense", r.denseTime(), TOP, lane, plot, total);
    lane(b, "sparse", r.sparseTime(), TOP + lane + 4, lane, plot, total);
    double step = niceMax(ms) / 5;
    for (int i = 0; i * step <= ms + 1e-12; i++) {
      double x = LEFT + i * step / ms * plot;
      b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#cbd5e0\"/>"
          + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s ms</text>%n", x, x, TOP + 2 * lane + 4,
          TOP + 2 * lane + 10, x, TOP + 2 * lane + 24, f(2, i * step)));
    }
    return b.append("</svg>").toString();
  }

  private static void lane(StringBuilder b, String name, SimulationResult t, int y, int height, int plot,
      double total) {
    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", LEFT - 6,
        y + height / 2 + 4, name));
    for (LayerTiming l : t.layers()) {
      if (l.cycles() == 0) {
        continue;
      }
      String bound = l.bound().limiter().name().toLowerCase(Locale.ROOT);
      double x = LEFT + l.startCycle() / total * plot;
      double w = Math.max(0.5, l.cycles() / total * plot);
      rect(b, x, y, w, height, HtmlReport.BOUND_COLORS.get(bound), esc(l.name()) + ": "
          + f(1, l.cycles() / t.clockHz() * 1e6) + " \u00b5s, " + bound + "-bound");
    }
  }

  private static StringBuilder svg(int width, int height, String label) {
    return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
        + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">%n", width, height, width, height,
        label));
  }

  private static void axis(StringBuilder b, int plot, double scale, String unit, int width) {
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plot - i * plot / 4.0;
      b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e2e8f0\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, width - 16, y, y, LEFT - 6, y + 4,
          f(scale >= 4 ? 0 : 2, scale * i / 4)));
    }
    b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>%n", TOP + 4, unit));
  }

  private static void rect(StringBuilder b, double x, double y, double w, double h, String color, String title) {
    b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
        + "<title>%s</title></rect>%n", x, y, w, h, color, title));
  }

  private static double h(double v, double scale, int plot) {
    return v / scale * plot;
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above {@code max} (1 for an empty chart). */
  static double niceMax(double max) {
    if (max <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(max)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= max) {
        return m * p;
      }
    }
    return 10 * p;
  }
}
