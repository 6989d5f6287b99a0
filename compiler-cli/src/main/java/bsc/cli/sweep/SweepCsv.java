package bsc.cli.sweep;

import bsc.ir.BscException;
import bsc.sparsify.BlockShape;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep CSV (RFC 4180: comma-separated, fields with a comma, quote or leading/trailing space quoted, quotes
 * doubled; LF line ends; UTF-8): a header of {@link SweepRow#COLUMNS} and one line per combination. Reading
 * tolerates a torn last line (no line end: an interrupted write) and reports where it is, so a resumed sweep can
 * drop it and run that combination again.
 */
public final class SweepCsv {
  public static final String HEADER = String.join(",", SweepRow.COLUMNS);
  /** A results file larger than this is refused before reading (10^5 rows are about 20 MB). */
  static final long MAX_BYTES = 1L << 30;

  private SweepCsv() {}

  /** A row read back: its combination, its fields and its line (without the line end). */
  public record Line(Combination combination, List<String> fields, String text) {
    public boolean ok() {
      return fields.get(SweepRow.STATUS).equals(SweepRow.OK);
    }

    public String field(String column) {
      return fields.get(SweepRow.COLUMNS.indexOf(column));
    }
  }

  /**
   * What a file holds: its complete rows, and the length in bytes of the part they and the header take (a torn
   * last line begins there); {@code header} false for an empty file.
   */
  public record Contents(boolean header, List<Line> lines, long completeBytes, boolean torn) {}

  /** The CSV line (without line end) of a row. */
  public static String line(SweepRow row) {
    StringBuilder b = new StringBuilder(160);
    for (String f : row.fields()) {
      if (b.length() > 0) {
        b.append(',');
      }
      quote(f, b);
    }
    return b.toString();
  }

  /** Reads {@code file}; a missing file is empty. Anything but a torn last line that is not a row is an error. */
  public static Contents read(Path file) {
    String where = file.toString();
    byte[] bytes;
    try {
      if (!Files.exists(file)) {
        return new Contents(false, List.of(), 0, false);
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new BscException(where, "larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    boolean torn = end < bytes.length;
    String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
    // Every complete line ends with \n, so split's last element is the empty rest after the last one.
    String[] parts = text.split("\n", -1);
    List<String> raw = List.of(parts).subList(0, parts.length - 1);
    if (raw.isEmpty()) {
      return new Contents(false, List.of(), 0, torn);
    }
    if (!raw.get(0).equals(HEADER)) {
      throw new BscException(where, "line 1: not a bsc sweep CSV (expected the header '" + HEADER + "')");
    }
    List<Line> lines = new ArrayList<>(raw.size());
    for (int i = 1; i < raw.size(); i++) {
      lines.add(parse(raw.get(i), where + ": line " + (i + 1)));
    }
    return new Contents(true, lines, end, torn);
  }

  /** Parses one row; {@code where} names it in errors. */
  public static Line parse(String text, String where) {
    List<String> f = split(text, where);
    if (f.size() != SweepRow.COLUMNS.size()) {
      throw new BscException(where, "expected " + SweepRow.COLUMNS.size() + " fields, found " + f.size());
    }
    String status = f.get(SweepRow.STATUS);
    if (!status.equals(SweepRow.OK) && !status.equals(SweepRow.FAILED)) {
      throw new BscException(where, "status must be ok or failed, found '" + status + "'");
    }
    try {
      Combination c = new Combination(f.get(0), BlockShape.parse(f.get(1)), sparsity(f.get(2)),
          SweepAxes.array(f.get(3)), SweepAxes.timings(f.get(4)).get(0));
      return new Line(c, List.copyOf(f), text);
    } catch (BscException e) {
      throw new BscException(where, e.getMessage());
    }
  }

  private static BigDecimal sparsity(String s) {
    List<BigDecimal> v = SweepAxes.sparsities(s);
    if (v.size() != 1) {
      throw new BscException("sparsity", "expected one value, found '" + s + "'");
    }
    return v.get(0);
  }

  private static void quote(String f, StringBuilder b) {
    boolean needs = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0
        || !f.equals(f.strip());
    if (!needs) {
      b.append(f);
      return;
    }
    b.append('"').append(f.replace("\"", "\"\"")).append('"');
  }

  private static List<String> split(String line, String where) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    while (true) {
      cur.setLength(0);
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= line.length()) {
            throw new BscException(where, "unterminated quoted field");
          }
          char ch = line.charAt(i++);
          if (ch == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              cur.append('"');
              i++;
            } else {
              break;
            }
          } else {
            cur.append(ch);
          }
        }
        if (i < line.length() && line.charAt(i) != ',') {
          throw new BscException(where, "text after a quoted field");
        }
      } else {
        int comma = line.indexOf(',', i);
        int stop = comma < 0 ? line.length() : comma;
        cur.append(line, i, stop);
        i = stop;
      }
      fields.add(cur.toString());
      if (i >= line.length()) {
        return fields;
      }
      i++; // the comma
    }
  }
}
