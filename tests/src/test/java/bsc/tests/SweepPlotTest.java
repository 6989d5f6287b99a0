package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code bsc sweep --plot}: a well-formed, self-contained SVG with one line per array and chart. */
class SweepPlotTest {
  @TempDir
  Path dir;

  @Test
  void plotIsWellFormedSvgWithOnePathPerSeriesDrawnFromTheRows() throws Exception {
    Path csv = dir.resolve("r.csv");
    Path svg = dir.resolve("sweep.svg");
    Cli r = Cli.run("sweep", "tiny_cnn", "--sparsity", "0:0.5:0.25", "--array", "2x2,4x4", "--timing",
        "detailed,paper", "-q", "-o", csv.toString(), "--plot", svg.toString());
    assertEquals(0, r.exitCode(), r.toString());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(svg.toFile()); // throws on malformed XML
    Element root = doc.getDocumentElement();
    assertEquals("svg", root.getLocalName());
    assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI());
    String text = Files.readString(svg);
    assertTrue(!text.contains("<script") && !text.contains("href") && !text.contains("@import"), "self-contained");

    List<Element> series = new ArrayList<>();
    NodeList paths = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path");
    for (int i = 0; i < paths.getLength(); i++) {
      Element p = (Element) paths.item(i);
      if (p.getAttribute("class").equals("series")) {
        series.add(p);
      }
    }
    // 2 timing models x 2 charts (latency, speed-up) x 2 arrays.
    assertEquals(8, series.size());

    // The first chart is detailed timing's latency: its 2x2 line goes through the three rows' latencies.
    List<String> rows = Files.readAllLines(csv);
    double[] latency = new double[3];
    int k = 0;
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",", -1);
      if (c[3].equals("2x2") && c[4].equals("detailed")) {
        latency[k++] = Double.parseDouble(c[6]);
      }
    }
    assertEquals(3, k);
    assertEquals("2x2", series.get(0).getAttribute("data-array"));
    double[][] pts = points(series.get(0).getAttribute("d"));
    assertEquals(3, pts.length);
    for (int i = 1; i < 3; i++) {
      assertTrue(pts[i][0] > pts[i - 1][0], "sparsity grows to the right");
      // Same chart scale for all points: y is linear in latency, larger latency higher up (smaller y).
      double expected = (latency[i] - latency[0]) / (latency[2] - latency[0]);
      double drawn = (pts[i][1] - pts[0][1]) / (pts[2][1] - pts[0][1]);
      assertEquals(expected, drawn, 0.02, "point " + i);
      assertEquals(Math.signum(latency[0] - latency[i]), Math.signum(pts[i][1] - pts[0][1]));
    }

    Path again = dir.resolve("again.svg");
    assertEquals(0, Cli.run("sweep", "merge", csv.toString(), "-o", dir.resolve("m.csv").toString(), "--plot",
        again.toString()).exitCode());
    assertArrayEquals(Files.readAllBytes(svg), Files.readAllBytes(again), "same rows, same bytes");
  }

  private static double[][] points(String d) {
    String[] parts = d.replace("M", "").split(" L");
    double[][] p = new double[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      String[] xy = parts[i].trim().split(" ");
      p[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
    }
    return p;
  }
}
