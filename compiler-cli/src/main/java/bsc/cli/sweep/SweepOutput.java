package bsc.cli.sweep;

import bsc.cli.AtomicFileWriter;
import bsc.ir.BscException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results file of a sweep, written so that an interruption loses no finished row: each row is appended as
 * one line in a single write and forced to disk before the next, and at the end the whole file is rewritten in
 * canonical order (temporary file and rename), so a finished sweep gives the same bytes whatever the number of
 * jobs. On opening, the rows already there are read (a torn last line from an interrupted write is dropped and
 * its combination runs again); when a combination appears twice, the later line wins. Rows of combinations
 * outside the current sweep are kept.
 */
public final class SweepOutput implements AutoCloseable {
  private final Path file;
  private final Map<Combination, String> rows = new TreeMap<>();
  private final Map<Combination, Boolean> ok = new TreeMap<>();
  private FileChannel channel;

  private SweepOutput(Path file) {
    this.file = file;
  }

  /** Opens (or creates) {@code file} for appending, after reading what it holds. */
  public static SweepOutput open(Path file) {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      // A pipe or a device (-o /dev/stdout) can be neither read back for resuming nor renamed over.
      throw new BscException(file.toString(), "not a regular file: a sweep resumes from and rewrites its output");
    }
    SweepOutput out = new SweepOutput(file);
    SweepCsv.Contents c = SweepCsv.read(file);
    for (SweepCsv.Line l : c.lines()) {
      out.rows.put(l.combination(), l.text());
      out.ok.put(l.combination(), l.ok());
    }
    if (!c.header() || c.torn()) {
      // A new file, an empty one, or one whose last line is torn: start from a clean copy of the whole rows.
      out.rewrite(new ArrayList<>(out.rows.values()));
    }
    try {
      out.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new BscException(file.toString(), "cannot open for appending: " + e.getMessage());
    }
    return out;
  }

  /** Whether the file already holds a row of {@code c} (and, if {@code okOnly}, an ok one). */
  public synchronized boolean has(Combination c, boolean okOnly) {
    Boolean k = ok.get(c);
    return k != null && (k || !okOnly);
  }

  /** Whether the row of {@code c} in the file says ok (false when absent). */
  public synchronized boolean isOk(Combination c) {
    return Boolean.TRUE.equals(ok.get(c));
  }

  /** Appends the row as one line and forces it to disk. */
  public synchronized void append(SweepRow row) {
    String text = SweepCsv.line(row);
    ByteBuffer b = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (b.hasRemaining()) {
        channel.write(b);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new BscException(file.toString(), "cannot append a row: " + e.getMessage());
    }
    rows.put(row.combination(), text);
    ok.put(row.combination(), row.ok());
  }

  /** Rewrites the file with every row once, in canonical order, and closes it. */
  public synchronized void finish() {
    closeChannel();
    rewrite(new ArrayList<>(rows.values()));
  }

  /** Closes the file as it is (every appended row is already on disk); {@link #finish} orders it. */
  @Override
  public synchronized void close() {
    closeChannel();
  }

  /** The rows now in the file, in canonical order. */
  public synchronized List<SweepCsv.Line> lines() {
    List<SweepCsv.Line> l = new ArrayList<>(rows.size());
    for (String text : rows.values()) {
      l.add(SweepCsv.parse(text, file.toString()));
    }
    return l;
  }

  private void rewrite(List<String> lines) {
    StringBuilder b = new StringBuilder(SweepCsv.HEADER.length() + 1 + lines.size() * 160);
    b.append(SweepCsv.HEADER).append('\n');
    for (String l : lines) {
      b.append(l).append('\n');
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFileWriter.write(file, o -> o.write(bytes));
  }

  private void closeChannel() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new BscException(file.toString(), "cannot close: " + e.getMessage());
    } finally {
      channel = null;
    }
  }
}
