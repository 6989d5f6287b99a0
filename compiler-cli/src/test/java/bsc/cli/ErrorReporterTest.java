package bsc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter err = new PrintWriter(text, true);

  @Test
  void badInputIsOneLineWithWhereAndWhatAndExitTwo() {
    int code = new ErrorReporter().report(new BscException("model.onnx: node conv7", "unsupported op Foo"), err, false);
    assertEquals(2, code);
    assertEquals(List.of("bsc: error: model.onnx: node conv7: unsupported op Foo"), text.toString().lines().toList());
  }

  @Test
  void aBugIsExitOneWithoutAStackTraceUnlessDebugging() {
    int code = new ErrorReporter().report(new IllegalStateException("boom"), err, false);
    assertEquals(1, code);
    List<String> lines = text.toString().lines().toList();
    assertEquals("bsc: internal error: java.lang.IllegalStateException: boom", lines.get(0));
    assertEquals(2, lines.size(), text.toString());
    assertTrue(lines.get(1).contains("--debug"), lines.get(1));
  }

  @Test
  void debugAddsTheStackTrace() {
    int code = new ErrorReporter().report(new OutOfMemoryError("Java heap space"), err, true);
    assertEquals(1, code);
    assertTrue(text.toString().contains("\tat bsc.cli.ErrorReporterTest.debugAddsTheStackTrace"), text.toString());
  }

  @Test
  void lineBreaksAndEscapesInMessagesStayOnOneLine() {
    new ErrorReporter().report(new BscException("evil\nname", "\u001b[2J cleared"), err, false);
    assertEquals(List.of("bsc: error: evil\\u000aname: \\u001b[2J cleared"), text.toString().lines().toList());
  }
}
