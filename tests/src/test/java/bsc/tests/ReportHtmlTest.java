package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of {@code bsc compile} opened in headless Chromium (Debian's {@code chromium}, installed by
 * .ci/run): it renders its charts and table with no console message, and fetches nothing. Skipped only where
 * Chromium is absent.
 */
class ReportHtmlTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]");
  @TempDir
  static Path dir;
  private static Path report;
  private static int layers;

  @BeforeAll
  static void compile() throws IOException {
    Path out = dir.resolve("out");
    Cli r = Cli.run("compile", "tiny_cnn", "--array", "2x2", "-o", out.toString(), "-q");
    assertEquals(0, r.exitCode(), r::toString);
    report = out.resolve("report.html");
    layers = CompileCommandTest.csv(out.resolve("layers.csv")).size() - 1;
  }

  /** Chromium's --dump-dom of {@code page} and its log (console messages appear there as ":CONSOLE" lines). */
  private record Browser(String dom, String log) {
    static Browser open(Path page, String... extra) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--disable-gpu", "--no-sandbox",
          "--enable-logging=stderr", "--v=0", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
      cmd.addAll(List.of(extra));
      cmd.addAll(List.of("--dump-dom", page.toUri().toString()));
      Path log = Files.createTempFile(dir, "chromium", ".log");
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(3, TimeUnit.MINUTES), "chromium did not finish");
      assertEquals(0, p.exitValue(), Files.readString(log));
      return new Browser(dom, Files.readString(log));
    }

    List<String> consoleLines() {
      return log.lines().filter(l -> CONSOLE.matcher(l).find()).toList();
    }
  }

  @Test
  void theReportRendersItsChartsAndTableWithoutConsoleMessages() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (.ci/run installs it)");
    Browser b = Browser.open(report);
    assertEquals(List.of(), b.consoleLines());
    assertEquals(3, count(b.dom(), "<svg "), "per-layer bars, instruction kinds, timeline");
    // dense-baseline bars: one per layer and one per instruction kind (LOAD, LOADW, LOADFM, LOADWM, COMP, WRITEFM, WRITE)
    assertEquals(layers + 7, count(b.dom(), "<rect x=") - count(b.dom(), "fill=\"#2b6cb0\"") - timeline(b.dom()));
    assertEquals(layers, count(b.dom(), "<tr><td class=\"n\">"), "one table row per compiled layer");
    assertTrue(b.dom().contains("<h1>tiny_cnn on the AIE2 array 2x2</h1>"), b.dom().substring(0, 400));
  }

  @Test
  void theConsoleCheckSeesAnErrorOnAPageThatHasOne() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (.ci/run installs it)");
    Path bad = dir.resolve("bad.html");
    Files.writeString(bad, "<!DOCTYPE html><html><body><script>console.error('boom'); missing();</script></body></html>");
    assertEquals(2, Browser.open(bad).consoleLines().size());
  }

  @Test
  void theReportIsSelfContained() throws IOException {
    String html = Files.readString(report);
    String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    for (String external : List.of("http:", "https:", "src=", "<link", "<script", "url(", "@import")) {
      assertFalse(withoutSvgNamespace.contains(external), external);
    }
  }

  /** Rectangles of the timeline: those after its heading. */
  private static int timeline(String dom) {
    String tail = dom.substring(dom.indexOf("<h2>Timeline</h2>"));
    return count(tail.substring(0, tail.indexOf("<h2>Layers</h2>")), "<rect x=");
  }

  private static int count(String s, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
