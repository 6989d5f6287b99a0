package bsc.tests.results;

import bsc.aie2.program.InstructionKind;
import bsc.sim.timing.LayerBound;
import bsc.sim.timing.LayerTiming;
import bsc.sim.timing.SimulationResult;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables of docs/RESULTS.md "Latency" from a set of {@link LatencyRuns.Run}s. */
final class LatencyMarkdown {
  private LatencyMarkdown() {}

  static String latencyTable(List<LatencyRuns.Run> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| model | array | paper dense | paper sparse | paper x | bsc paper-model dense | sparse | x"
        + " | bsc detailed dense | sparse | x | bound dense | bound sparse |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String model : PaperTable.MODELS) {
      for (String array : PaperTable.ARRAYS) {
        LatencyRuns.Run d = find(runs, model, array, false);
        LatencyRuns.Run s = find(runs, model, array, true);
        if (d == null && s == null) {
          continue;
        }
        double pd = PaperTable.latencyMillis(model, array, false);
        double ps = PaperTable.latencyMillis(model, array, true);
        b.append("| ").append(model).append(" | ").append(array).append(" | ").append(ms(pd)).append(" | ")
            .append(ms(ps)).append(" | ").append(speedup(pd, ps)).append(" | ");
        double bd = latency(d, false);
        double bs = latency(s, false);
        b.append(ms(bd)).append(" | ").append(ms(bs)).append(" | ").append(speedup(bd, bs)).append(" | ");
        double dd = latency(d, true);
        double ds = latency(s, true);
        b.append(ms(dd)).append(" | ").append(ms(ds)).append(" | ").append(speedup(dd, ds)).append(" | ");
        b.append(ms(bound(d))).append(" | ").append(ms(bound(s))).append(" |\n");
      }
    }
    return b.toString();
  }

  static String breakdownTable(List<LatencyRuns.Run> runs) {
    StringBuilder b = new StringBuilder("| run | source | total |");
    for (InstructionKind k : PaperTable.KINDS) {
      b.append(' ').append(k).append(" |");
    }
    b.append("\n|---|---|---:|").append("---:|".repeat(PaperTable.KINDS.length)).append('\n');
    for (String[] mr : PaperTable.BREAKDOWN_RUNS) {
      for (boolean sparse : new boolean[] {false, true}) {
        String name = mr[0] + " " + mr[1] + " " + (sparse ? "sparse" : "dense");
        double[] paper = PaperTable.breakdownMillis(mr[0], mr[1], sparse);
        b.append("| ").append(name).append(" | paper | ")
            .append(ms(PaperTable.latencyMillis(mr[0], mr[1], sparse))).append(" |");
        for (double v : paper) {
          b.append(' ').append(ms(v)).append(" |");
        }
        b.append('\n');
        LatencyRuns.Run r = find(runs, mr[0], mr[1], sparse);
        row(b, name, "bsc paper model", r == null ? null : r.paper());
        row(b, name, "bsc detailed", r == null ? null : r.detailed());
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, String name, String source, SimulationResult r) {
    b.append("| ").append(name).append(" | ").append(source).append(" | ")
        .append(r == null ? "-" : ms(r.latencyMillis())).append(" |");
    for (InstructionKind k : PaperTable.KINDS) {
      b.append(' ').append(r == null ? "-" : ms(r.instructionMillis(k))).append(" |");
    }
    b.append('\n');
  }

  /** Every layer of one model and array: dense and sparse time, speed-up, what limits the sparse layer. */
  static String perLayerTable(LatencyRuns.Run dense, LatencyRuns.Run sparse) {
    StringBuilder b = new StringBuilder("| # | layer | op | dense us | sparse us | speed-up | sparse x bound"
        + " | sparse limited by | why not 2x |\n|---|---|---|---:|---:|---:|---:|---|---|\n");
    List<LayerTiming> d = dense.detailed().layers();
    List<LayerTiming> s = sparse.detailed().layers();
    double clock = dense.detailed().clockHz();
    for (int i = 0; i < d.size(); i++) {
      LayerTiming ld = d.get(i);
      LayerTiming ls = s.get(i);
      if (ld.cycles() == 0 && ls.cycles() == 0) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "| %d | %s | %s | %.1f | %.1f | %.2f | %.2f | %s | %s |%n", ld.index(),
          ld.name(), ld.op(), ld.cycles() / clock * 1e6, ls.cycles() / clock * 1e6,
          ls.cycles() == 0 ? 1.0 : (double) ld.cycles() / ls.cycles(), ls.boundMultiple(),
          ls.bound().limiter().name().toLowerCase(Locale.ROOT), why(ld, ls, clock)));
    }
    return b.toString();
  }

  /**
   * Why a layer does not reach 2x: the term of its sparse bound (sparsity halves MACs and weight bytes, not
   * activation bytes), and, when the layer runs far above that bound, the weight loads it cannot overlap.
   */
  static String why(LayerTiming dense, LayerTiming sparse, double clockHz) {
    if (dense.performedMacs() == sparse.performedMacs()) {
      return "no pruned weights (first conv, pool or add)";
    }
    LayerBound bs = sparse.bound();
    LayerBound bd = dense.bound();
    String limiter = switch (bs.limiter()) {
      case COMPUTE -> "compute-bound";
      case WEIGHTS -> "weight stream to the cores";
      case ACTIVATIONS -> String.format(Locale.ROOT, "activation %s stream %.1f us (dense %.1f us)",
          bs.activationInCycles() >= bs.activationOutCycles() ? "in" : "out", us(bs.activationCycles(), clockHz),
          us(bd.activationCycles(), clockHz));
      case DDR -> "DDR channel (weights and spills)";
    };
    double speedup = (double) dense.cycles() / Math.max(1, sparse.cycles());
    if (speedup >= 1.9) {
      return speedup > 2.1 ? "beyond 2x: the sparse program is tiled into fewer weight passes" : "about 2x";
    }
    double over = (double) sparse.cycles() / Math.max(1, bs.cycles());
    long weights = sparse.instructionCycles().getOrDefault(InstructionKind.LOADW, 0L)
        + sparse.instructionCycles().getOrDefault(InstructionKind.LOADWM, 0L);
    if (over > 1.5 && weights > 0.3 * sparse.cycles()) {
      return limiter + String.format(Locale.ROOT, "; %.1fx its bound: weight loads (DDR %.1f us, to cores %.1f us)"
          + " do not overlap compute", over,
          us(sparse.instructionCycles().getOrDefault(InstructionKind.LOADW, 0L), clockHz),
          us(sparse.instructionCycles().getOrDefault(InstructionKind.LOADWM, 0L), clockHz));
    }
    return over > 1.5 ? limiter + String.format(Locale.ROOT, "; %.1fx its bound (pipeline fill and drain)", over)
        : limiter;
  }

  private static double us(long cycles, double clockHz) {
    return cycles / clockHz * 1e6;
  }

  /** Across all layers of a run pair: time share and speed-up per sparse limiter. */
  static String limiterSummary(LatencyRuns.Run dense, LatencyRuns.Run sparse) {
    Map<LayerBound.Limiter, long[]> sums = new EnumMap<>(LayerBound.Limiter.class);
    List<LayerTiming> d = dense.detailed().layers();
    List<LayerTiming> s = sparse.detailed().layers();
    for (int i = 0; i < d.size(); i++) {
      long[] acc = sums.computeIfAbsent(s.get(i).bound().limiter(), k -> new long[3]);
      acc[0] += d.get(i).cycles();
      acc[1] += s.get(i).cycles();
      acc[2]++;
    }
    StringBuilder b = new StringBuilder("| sparse layers limited by | layers | dense ms | sparse ms | speed-up |\n"
        + "|---|---:|---:|---:|---:|\n");
    double clock = dense.detailed().clockHz();
    sums.forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.2f |%n",
        k.name().toLowerCase(Locale.ROOT), v[2], v[0] / clock * 1e3, v[1] / clock * 1e3,
        v[1] == 0 ? 1.0 : (double) v[0] / v[1])));
    return b.toString();
  }

  static LatencyRuns.Run find(List<LatencyRuns.Run> runs, String model, String array, boolean sparse) {
    for (LatencyRuns.Run r : runs) {
      if (r.model().equals(model) && r.array().equals(array) && r.sparse() == sparse) {
        return r;
      }
    }
    return null;
  }

  private static double latency(LatencyRuns.Run r, boolean detailed) {
    if (r == null) {
      return Double.NaN;
    }
    SimulationResult s = detailed ? r.detailed() : r.paper();
    return s == null ? Double.NaN : s.latencyMillis();
  }

  private static double bound(LatencyRuns.Run r) {
    if (r == null || r.paper() == null) {
      return Double.NaN;
    }
    return r.paper().boundCycles() / r.paper().clockHz() * 1e3;
  }

  static String ms(double v) {
    return Double.isNaN(v) ? "failed" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String speedup(double dense, double sparse) {
    return Double.isNaN(dense) || Double.isNaN(sparse) ? "-" : String.format(Locale.ROOT, "%.2f", dense / sparse);
  }
}
