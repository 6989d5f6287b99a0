package bsc.tests.results;

import bsc.ir.Graph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Regenerates the tables of docs/RESULTS.md "Latency" (scripts/reproduce-latency.sh): the paper's table beside
 * bsc's estimates under both timing models for resnet50, inception_v3 and vgg16 on 2x2 .. 8x8, dense and 50%
 * sparse; the time breakdown of paper-facts.md 6.2; and resnet50 4x4 layer by layer.
 * Arguments (optional): {@code --models a,b --arrays 2x2,4x4}.
 */
final class LatencyResults {
  private LatencyResults() {}

  public static void main(String[] args) {
    List<String> models = Arrays.asList(PaperTable.MODELS);
    List<String> arrays = Arrays.asList(PaperTable.ARRAYS);
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (args[i].equals("--models")) {
        models = Arrays.asList(args[i + 1].split(","));
      } else if (args[i].equals("--arrays")) {
        arrays = Arrays.asList(args[i + 1].split(","));
      }
    }
    List<LatencyRuns.Run> runs = new ArrayList<>();
    for (String model : models) {
      Graph pruned = LatencyRuns.prunedModel(model);
      for (String array : arrays) {
        for (boolean sparse : new boolean[] {false, true}) {
          long t0 = System.nanoTime();
          LatencyRuns.Run r = LatencyRuns.run(pruned, model, array, sparse);
          System.err.printf(Locale.ROOT, "%s %s %s: %s (%.1f s)%n", model, array, sparse ? "sparse" : "dense",
              r.ok() ? String.format(Locale.ROOT, "paper %.3f ms, detailed %.3f ms", r.paper().latencyMillis(),
                  r.detailed().latencyMillis()) : r.failure(), (System.nanoTime() - t0) / 1e9);
          runs.add(r);
        }
      }
    }
    System.out.print(markdown(runs));
  }

  static String markdown(List<LatencyRuns.Run> runs) {
    StringBuilder b = new StringBuilder();
    b.append("### Whole networks (ms per inference, batch 1)\n\n");
    b.append(LatencyMarkdown.latencyTable(runs)).append('\n');
    b.append(failures(runs));
    b.append("### Where the time goes (summed instruction durations, ms; paper-facts.md 6.2)\n\n");
    b.append(LatencyMarkdown.breakdownTable(runs)).append('\n');
    b.append(sensitivity(runs));
    LatencyRuns.Run d = LatencyMarkdown.find(runs, "resnet50", "4x4", false);
    LatencyRuns.Run s = LatencyMarkdown.find(runs, "resnet50", "4x4", true);
    if (d != null && s != null && d.ok() && s.ok()) {
      b.append("### resnet50 on 4x4, detailed model: what limits the sparse layers\n\n");
      b.append(LatencyMarkdown.limiterSummary(d, s)).append('\n');
      b.append("### resnet50 on 4x4, detailed model, layer by layer: distance from 2x\n\n");
      b.append(LatencyMarkdown.perLayerTable(d, s)).append('\n');
    }
    return b.toString();
  }

  private static String failures(List<LatencyRuns.Run> runs) {
    StringBuilder b = new StringBuilder();
    for (LatencyRuns.Run r : runs) {
      if (!r.ok()) {
        b.append("- ").append(r.model()).append(' ').append(r.array()).append(' ')
            .append(r.sparse() ? "sparse" : "dense").append(": ").append(r.failure()).append('\n');
      }
    }
    return b.length() == 0 ? "No failed cell.\n\n" : "Failed cells:\n\n" + b + "\n";
  }

  /** The detailed model with and without its two assumed [U] overheads (DMA task set-up, layer sync). */
  private static String sensitivity(List<LatencyRuns.Run> runs) {
    StringBuilder b = new StringBuilder("### Sensitivity to the assumed overheads (detailed model, ms)\n\n"
        + "| model | array | dense | dense without | sparse | sparse without |\n|---|---|---:|---:|---:|---:|\n");
    for (LatencyRuns.Run r : runs) {
      if (r.sparse() || !r.ok()) {
        continue;
      }
      LatencyRuns.Run s = LatencyMarkdown.find(runs, r.model(), r.array(), true);
      if (s == null || !s.ok()) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f |%n", r.model(), r.array(),
          r.detailed().latencyMillis(), r.detailedWithoutAssumed().latencyMillis(), s.detailed().latencyMillis(),
          s.detailedWithoutAssumed().latencyMillis()));
    }
    return b.append('\n').toString();
  }
}
