package bsc.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table for people: columns padded to their widest cell, numbers right-aligned. */
final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** Column headers; a header starting with '>' marks a right-aligned (numeric) column. */
  TextTable(String... headers) {
    this.headers = new ArrayList<>();
    this.rightAligned = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].startsWith(">");
      this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
    }
  }

  TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
    }
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(PlainText.oneLine(String.valueOf(c)));
    }
    rows.add(r);
    return this;
  }

  void print(PrintWriter out, String indent) {
    int[] widths = new int[headers.size()];
    measure(widths, headers);
    for (List<String> r : rows) {
      measure(widths, r);
    }
    printRow(out, indent, widths, headers);
    for (List<String> r : rows) {
      printRow(out, indent, widths, r);
    }
  }

  private static void measure(int[] widths, List<String> cells) {
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Math.max(widths[i], cells.get(i).length());
    }
  }

  private void printRow(PrintWriter out, String indent, int[] widths, List<String> cells) {
    StringBuilder b = new StringBuilder(indent);
    for (int i = 0; i < widths.length; i++) {
      String c = cells.get(i);
      String pad = " ".repeat(widths[i] - c.length());
      b.append(i == 0 ? "" : "  ").append(rightAligned[i] ? pad + c : c + (i == widths.length - 1 ? "" : pad));
    }
    out.println(b);
  }
}
