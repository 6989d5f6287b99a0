package bsc.sim.int8;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.sparsify.LayerMask;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Per-node median times of the INT8 executor on a model's 50% 8x8 block-sparse copy (the block-sparse walk),
 * after a long warm-up: for each timed run the per-run difference of {@link Int8Executor#nodeNanos}, then the
 * median over the runs, per node and for the whole run (wall). Prints the nodes that are not pruned convs,
 * slowest first, their total, the pruned convs' total, and a hash of the logits (two builds of the executor
 * must print the same hash). Only public API of the executor, so the same class runs against an older build
 * of the main classes: {@code java -cp TEST:MAIN:DEPS bsc.sim.int8.NodeProfile [MODEL] [--threads N]
 * [--warmup N] [--runs N] [--top N]}.
 */
final class NodeProfile {
  private NodeProfile() {}

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  public static void main(String[] args) {
    String name = "resnet50";
    int threads = 2;
    int warmup = 30;
    int runs = 30;
    int top = 40;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--top" -> top = Integer.parseInt(args[++i]);
        default -> name = args[i];
      }
    }
    Graph canonical = BuiltinInt8.canonical(name, 0);
    Pruner.Result pruned = Pruner.prune(canonical, PruneOptions.paper(0.5));
    QuantizedModel m = BuiltinInt8.quantize(pruned.graph(), 1, QuantOptions.defaults());
    Map<String, Tensor> in = BuiltinInt8.input(canonical, 42);
    Set<String> prunedConvs = new HashSet<>();
    for (LayerMask lm : pruned.masks().list()) {
      if (lm.mask().zeroBlocks() > 0) {
        prunedConvs.add(lm.layer().node());
      }
    }
    try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults().withThreads(threads))) {
      for (int i = 0; i < warmup; i++) {
        e.runQuantized(in);
      }
      List<String> nodes = new ArrayList<>(e.nodeNanos().keySet());
      double[][] perNode = new double[nodes.size()][runs];
      double[] whole = new double[runs];
      double[] others = new double[runs];
      byte[] logits = null;
      for (int r = 0; r < runs; r++) {
        e.resetProfile();
        long t0 = System.nanoTime();
        Map<String, Tensor> y = e.runQuantized(in);
        whole[r] = (System.nanoTime() - t0) / 1e6;
        logits = y.values().iterator().next().toByteArray();
        Map<String, Long> nanos = e.nodeNanos();
        for (int k = 0; k < nodes.size(); k++) {
          perNode[k][r] = nanos.get(nodes.get(k)) / 1e6;
          if (!prunedConvs.contains(nodes.get(k))) {
            others[r] += perNode[k][r];
          }
        }
      }
      report(name, threads, warmup, runs, top, nodes, perNode, whole, others, prunedConvs, logits);
    }
  }

  private static void report(String name, int threads, int warmup, int runs, int top, List<String> nodes,
      double[][] perNode, double[] whole, double[] others, Set<String> prunedConvs, byte[] logits) {
    double prunedSum = 0;
    List<Integer> rest = new ArrayList<>();
    for (int k = 0; k < nodes.size(); k++) {
      if (prunedConvs.contains(nodes.get(k))) {
        prunedSum += median(perNode[k]);
      } else {
        rest.add(k);
      }
    }
    rest.sort((a, b) -> Double.compare(median(perNode[b]), median(perNode[a])));
    double[] sortedWhole = whole.clone();
    Arrays.sort(sortedWhole);
    System.out.printf(Locale.ROOT, "%s, %d threads, %d warm-up + %d timed runs; logits hash %08x%n", name, threads,
        warmup, runs, Arrays.hashCode(logits));
    System.out.printf(Locale.ROOT, "whole run median %.2f ms (min %.2f, max %.2f); %d other nodes: median of "
        + "per-run sums %.2f ms; %d pruned convs: sum of medians %.2f ms%n", median(whole), sortedWhole[0],
        sortedWhole[runs - 1], rest.size(), median(others), prunedConvs.size(), prunedSum);
    for (int i = 0; i < Math.min(top, rest.size()); i++) {
      int k = rest.get(i);
      System.out.printf(Locale.ROOT, "  %-28s %.3f ms%n", nodes.get(k), median(perNode[k]));
    }
  }
}
