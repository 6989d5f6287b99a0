package bsc.cli.sweep;

import bsc.cli.AtomicFileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws sweep rows as one self-contained SVG (no scripts, fonts or links): for each model, block shape and
 * timing model, two charts side by side, the compacted program's latency (ms) and the speed-up over the dense
 * baseline against sparsity, with one line (one {@code <path class="series">}) per array. Failed rows are left
 * out. Same rows, same bytes.
 */
public final class SweepPlot {
  private static final int PANEL_W = 380;
  private static final int PANEL_H = 250;
  private static final int LEFT = 62;
  private static final int TOP = 46;
  private static final int PLOT_W = 280;
  private static final int PLOT_H = 170;
  private static final int LEGEND_W = 110;
  /** Colour-blind-safe palette (Okabe and Ito, 2008), repeated for more than eight arrays. */
  private static final String[] COLOURS =
      {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"};

  private SweepPlot() {}

  /** One chart: its title, and per array the (sparsity, value) points in sparsity order. */
  private record Chart(String title, String unit, Map<String, List<double[]>> series) {}

  public static void write(Path file, List<SweepCsv.Line> lines) {
    byte[] bytes = svg(lines).getBytes(StandardCharsets.UTF_8);
    AtomicFileWriter.write(file, o -> o.write(bytes));
  }

  /** The SVG text of the rows (any order; drawn in canonical order). */
  public static String svg(List<SweepCsv.Line> lines) {
    Map<String, List<SweepCsv.Line>> groups = new TreeMap<>();
    List<SweepCsv.Line> sorted = new ArrayList<>(lines);
    sorted.sort((a, b) -> a.combination().compareTo(b.combination()));
    for (SweepCsv.Line l : sorted) {
      if (l.ok()) {
        Combination c = l.combination();
        String title = c.model() + ", " + c.block() + " blocks, " + c.timing() + " timing";
        groups.computeIfAbsent(title, k -> new ArrayList<>()).add(l);
      }
    }
    int width = 2 * PANEL_W + LEGEND_W;
    int height = Math.max(1, groups.size()) * PANEL_H + 20;
    StringBuilder s = new StringBuilder(4096);
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
    s.append("<title>bsc sweep: latency and speed-up against sparsity</title>\n");
    s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
    if (groups.isEmpty()) {
      s.append("<text x=\"10\" y=\"20\">no successful rows to draw</text>\n");
    }
    int row = 0;
    for (Map.Entry<String, List<SweepCsv.Line>> g : groups.entrySet()) {
      Chart latency = chart(g.getKey(), "latency, compacted (ms)", g.getValue(), "latency_sparse_ms");
      Chart speedup = chart(g.getKey(), "speed-up over dense", g.getValue(), "speedup");
      List<String> arrays = new ArrayList<>(latency.series().keySet());
      panel(s, latency, arrays, 0, row * PANEL_H);
      panel(s, speedup, arrays, PANEL_W, row * PANEL_H);
      legend(s, arrays, 2 * PANEL_W, row * PANEL_H + TOP);
      row++;
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static Chart chart(String title, String unit, List<SweepCsv.Line> lines, String column) {
    Map<String, List<double[]>> series = new TreeMap<>(Combination::compareArrays);
    for (SweepCsv.Line l : lines) {
      double x = l.combination().sparsity().doubleValue();
      double y = Double.parseDouble(l.field(column));
      series.computeIfAbsent(l.combination().array(), k -> new ArrayList<>()).add(new double[] {x, y});
    }
    return new Chart(title, unit, series);
  }

  private static void panel(StringBuilder s, Chart c, List<String> arrays, int x0, int y0) {
    double xMax = 0;
    double yMax = 0;
    for (List<double[]> pts : c.series().values()) {
      for (double[] p : pts) {
        xMax = Math.max(xMax, p[0]);
        yMax = Math.max(yMax, p[1]);
      }
    }
    xMax = xMax <= 0 ? 1 : niceCeil(xMax);
    yMax = yMax <= 0 ? 1 : niceCeil(yMax * 1.05);
    int px = x0 + LEFT;
    int py = y0 + TOP;
    s.append(String.format(Locale.ROOT, "<g class=\"chart\"><text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
        x0 + 10, y0 + 18, xml(c.title())));
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", x0 + 10, y0 + 34, xml(c.unit())));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
        + " stroke=\"#888888\"/>%n", px, py, PLOT_W, PLOT_H));
    for (int i = 0; i <= 4; i++) {
      double yv = yMax * i / 4;
      double yy = py + PLOT_H - PLOT_H * (double) i / 4;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.2f\" x2=\"%d\" y2=\"%.2f\" stroke=\"#e0e0e0\"/>"
          + "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\">%s</text>%n", px, yy, px + PLOT_W, yy, px - 4, yy + 4,
          tick(yv)));
      double xv = xMax * i / 4;
      double xx = px + PLOT_W * (double) i / 4;
      s.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", xx,
          py + PLOT_H + 14, tick(xv)));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">sparsity</text>%n",
        px + PLOT_W / 2, py + PLOT_H + 30));
    for (Map.Entry<String, List<double[]>> e : c.series().entrySet()) {
      String colour = COLOURS[arrays.indexOf(e.getKey()) % COLOURS.length];
      StringBuilder d = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      for (double[] p : e.getValue()) {
        double xx = px + PLOT_W * p[0] / xMax;
        double yy = py + PLOT_H - PLOT_H * p[1] / yMax;
        d.append(d.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.2f %.2f", xx, yy));
        dots.append(String.format(Locale.ROOT, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"%s\"/>", xx, yy,
            colour));
      }
      s.append(String.format(Locale.ROOT, "<path class=\"series\" data-array=\"%s\" d=\"%s\" fill=\"none\""
          + " stroke=\"%s\" stroke-width=\"1.8\"/>%s%n", xml(e.getKey()), d, colour, dots));
    }
    s.append("</g>\n");
  }

  private static void legend(StringBuilder s, List<String> arrays, int x0, int y0) {
    for (int i = 0; i < arrays.size(); i++) {
      int y = y0 + 10 + 16 * i;
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
          + " stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s</text>%n", x0, y, x0 + 18, y,
          COLOURS[i % COLOURS.length], x0 + 24, y + 4, xml(arrays.get(i))));
    }
  }

  /** The smallest 1, 2 or 5 times a power of ten that is at least {@code v}. */
  static double niceCeil(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v * (1 - 1e-12)) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String tick(double v) {
    String t = String.format(Locale.ROOT, "%.3f", v);
    t = t.replaceAll("0+$", "");
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String xml(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> b.append(Character.isISOControl(ch) ? ' ' : ch);
      }
    }
    return b.toString();
  }
}
