package bsc.cli;

import bsc.sparsify.train.Checkpoint;
import bsc.sparsify.train.EpochStats;
import bsc.sparsify.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What {@code bsc train} shows and keeps while it trains: a progress bar with the running loss and accuracy
 * (on a terminal only), a line per epoch and per pruning round (on a terminal, or with --verbose), and the
 * checkpoint of every epoch, written atomically so an interrupted run loses at most one epoch.
 */
final class TrainingProgress implements TrainingListener {
  private final PrintWriter err;
  private final boolean bar;
  private final boolean lines;
  private final Path checkpoint;
  private ProgressBar current;
  private double lossSum;
  private double accuracySum;
  private int steps;

  TrainingProgress(PrintWriter err, boolean bar, boolean lines, Path checkpoint) {
    this.err = err;
    this.bar = bar;
    this.lines = lines;
    this.checkpoint = checkpoint;
  }

  @Override
  public void onStep(int epoch, int step, int stepsPerEpoch, double loss, double accuracy) {
    if (step == 0) {
      lossSum = 0;
      accuracySum = 0;
      steps = 0;
    }
    lossSum += loss;
    accuracySum += accuracy;
    steps++;
    if (!bar) {
      return;
    }
    if (current == null) {
      current = new ProgressBarBuilder().setTaskName("epoch " + (epoch + 1)).setInitialMax(stepsPerEpoch)
          .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
          .setUpdateIntervalMillis(500).build();
    }
    current.step();
    current.setExtraMessage(String.format(Locale.ROOT, "loss %.3f acc %.1f%%", lossSum / steps,
        100 * accuracySum / steps));
  }

  @Override
  public void onPrune(int round, int rounds, double zeroBlockRatio) {
    if (lines) {
      closeBar();
      err.printf(Locale.ROOT, "bsc: pruning round %d/%d: %.1f%% of eligible blocks zero%n", round, rounds,
          100 * zeroBlockRatio);
      err.flush();
    }
  }

  @Override
  public void onEpoch(EpochStats s, Checkpoint c) {
    closeBar();
    AtomicFileWriter.write(checkpoint, c::writeTo);
    if (lines) {
      err.printf(Locale.ROOT, "bsc: epoch %d: loss %.4f, train %.2f%%, test %s, %.1f%% blocks zero, %.0f s%n",
          s.epoch(), s.trainLoss(), 100 * s.trainAccuracy(), percent(s.testAccuracy()), 100 * s.zeroBlockRatio(),
          s.seconds());
      err.flush();
    }
  }

  void close() {
    closeBar();
  }

  private void closeBar() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }
}
