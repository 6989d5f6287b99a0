package bsc.cli.sweep;

import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of a sweep on stderr, with the number of failed rows; shown only on a terminal (a pipe or
 * a CI log gets no bar and no escape codes) and never with --quiet.
 */
public final class SweepProgress implements Consumer<SweepRow>, AutoCloseable {
  private final ProgressBar bar;
  private int failed;

  private SweepProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar over {@code rows} rows if {@code show}, else nothing. */
  public static SweepProgress of(boolean show, int rows) {
    return new SweepProgress(show && rows > 0 ? new ProgressBarBuilder().setTaskName("sweep").setInitialMax(rows)
        .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUpdateIntervalMillis(500).showSpeed().build() : null);
  }

  /** Whether stderr is a terminal: the JVM has a console only when stdin and stdout are one too. */
  public static boolean terminal() {
    return System.console() != null;
  }

  @Override
  public synchronized void accept(SweepRow row) {
    if (bar == null) {
      return;
    }
    if (!row.ok()) {
      failed++;
      bar.setExtraMessage(failed + " failed");
    }
    bar.step();
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
