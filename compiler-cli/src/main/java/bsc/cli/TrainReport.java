package bsc.cli;

import bsc.sparsify.train.BlockSparseTrainer;
import bsc.sparsify.train.EpochStats;
import bsc.sparsify.train.TrainOptions;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** What {@code bsc train} prints on stdout: the run's settings and one row per epoch. */
@JsonPropertyOrder({"model", "data", "schedule", "options", "zero_block_ratio", "test_accuracy", "epochs"})
record TrainReport(String model, String data, String schedule, TrainOptions options, double zero_block_ratio,
    Double test_accuracy, List<EpochStats> epochs) {
  static TrainReport of(String model, String data, String schedule, TrainOptions o, BlockSparseTrainer.Result r) {
    List<EpochStats> h = r.history();
    EpochStats last = h.isEmpty() ? null : h.get(h.size() - 1);
    Double test = last == null || Double.isNaN(last.testAccuracy()) ? null : last.testAccuracy();
    double zero = r.masks() == null ? 0 : r.masks().eligibleRatio();
    return new TrainReport(model, data, schedule, o, zero, test, h);
  }

  void print(PrintWriter out) {
    out.printf(Locale.ROOT, "%s on %s, %s, %d epochs, batch %d%s%n", model, data, schedule, options.epochs(),
        options.batchSize(), options.distillation() == null ? "" : ", " + options.distillation().describe());
    TextTable t = new TextTable(">epoch", ">loss", ">train top-1", ">test top-1", ">zero blocks", ">seconds");
    for (EpochStats e : epochs) {
      t.row(e.epoch(), String.format(Locale.ROOT, "%.4f", e.trainLoss()), TrainingProgress.percent(e.trainAccuracy()),
          TrainingProgress.percent(e.testAccuracy()), TrainingProgress.percent(e.zeroBlockRatio()),
          String.format(Locale.ROOT, "%.1f", e.seconds()));
    }
    t.print(out, "  ");
  }
}
