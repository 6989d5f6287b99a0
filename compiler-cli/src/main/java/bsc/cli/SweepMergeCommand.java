package bsc.cli;

import bsc.cli.sweep.Combination;
import bsc.cli.sweep.SweepCsv;
import bsc.cli.sweep.SweepPlot;
import bsc.ir.BscException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bsc sweep merge a.csv b.csv -o all.csv}: joins shards into the file the unsharded sweep writes. */
@Command(
    name = "merge",
    mixinStandardHelpOptions = true,
    description = {"Join sweep CSVs (the shards of one sweep, or several sweeps) into one, in canonical order:"
        + " the shards of a sweep merge into exactly the bytes the unsharded sweep writes. A combination present"
        + " in several files must have the same row in each; a torn last line (an interrupted shard) is"
        + " dropped."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:merged; every row says ok",
        "1:internal error, a bug in bsc",
        "2:bad usage or bad input (a file that is not a sweep CSV, rows that disagree)",
        "3:merged, but some rows say status=failed"})
final class SweepMergeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "CSV", arity = "1..*", description = "Sweep CSVs written by bsc sweep.")
  List<Path> inputs;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "all.csv", description = "The merged CSV.")
  Path output;

  @Option(names = "--plot", paramLabel = "sweep.svg", description = "Also draw the merged rows as an SVG.")
  Path plot;

  @Override
  public Integer call() {
    Map<Combination, SweepCsv.Line> rows = new TreeMap<>();
    Map<Combination, Path> from = new TreeMap<>();
    for (Path p : inputs) {
      SweepCsv.Contents c = SweepCsv.read(p);
      if (!c.header()) {
        throw new BscException(p.toString(), "empty: not a sweep CSV");
      }
      for (SweepCsv.Line l : c.lines()) {
        SweepCsv.Line old = rows.get(l.combination());
        if (old != null && !old.text().equals(l.text()) && from.get(l.combination()).equals(p)) {
          rows.put(l.combination(), l); // within one file, the later line wins, as when a sweep resumes
        } else if (old != null && !old.text().equals(l.text())) {
          throw new BscException(p.toString(), "its row of " + l.combination() + " differs from the one in "
              + from.get(l.combination()));
        } else {
          rows.put(l.combination(), l);
          from.put(l.combination(), p);
        }
      }
    }
    StringBuilder b = new StringBuilder(SweepCsv.HEADER).append('\n');
    int failed = 0;
    for (SweepCsv.Line l : rows.values()) {
      b.append(l.text()).append('\n');
      failed += l.ok() ? 0 : 1;
    }
    byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
    AtomicFileWriter.write(output, o -> o.write(bytes));
    if (plot != null) {
      SweepPlot.write(plot, new ArrayList<>(rows.values()));
    }
    return failed > 0 ? SweepCommand.SOME_FAILED : 0;
  }
}
