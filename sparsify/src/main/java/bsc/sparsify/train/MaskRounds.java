package bsc.sparsify.train;

import bsc.ir.Graph;
import bsc.sparsify.LayerMask;
import bsc.sparsify.MaskSet;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.SparsityPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The pruning rounds of one run: at which step each happens and how many blocks every eligible layer has
 * zeroed after it. A round is carried out by {@link Pruner} with a per-layer plan of exact counts; the
 * blocks zeroed earlier score 0 and so stay zero.
 */
final class MaskRounds {
  /** One round: before training step {@code step}, layer node -> zero blocks. */
  record Round(long step, Map<String, Integer> zeros) {}

  private final PruneOptions options;
  private final List<Round> rounds;
  private final List<String> eligibleWeights;

  private MaskRounds(PruneOptions options, List<Round> rounds, List<String> eligibleWeights) {
    this.options = options;
    this.rounds = List.copyOf(rounds);
    this.eligibleWeights = List.copyOf(eligibleWeights);
  }

  static MaskRounds plan(Graph g, PruneSchedule schedule, long totalSteps) {
    PruneOptions o = schedule.options();
    if (o == null) {
      return new MaskRounds(null, List.of(), List.of());
    }
    MaskSet layout = Pruner.prune(g, o).masks();
    List<String> weights = new ArrayList<>();
    List<int[]> sequences = new ArrayList<>();
    List<String> nodes = new ArrayList<>();
    for (LayerMask m : layout.list()) {
      if (!m.eligible() || m.targetRatio() == null) {
        continue;
      }
      weights.add(m.layer().weight());
      nodes.add(m.layer().node());
      int blocks = m.mask().blocks();
      int target = (int) Math.round(m.targetRatio() * blocks);
      sequences.add(schedule instanceof PruneSchedule.Incremental inc
          ? steps(blocks, target, inc.maxFractionPerRound()) : new int[] {target});
    }
    int count = 1;
    for (int[] s : sequences) {
      count = Math.max(count, s.length);
    }
    List<Round> rounds = new ArrayList<>();
    for (int r = 0; r < count; r++) {
      Map<String, Integer> zeros = new LinkedHashMap<>();
      for (int l = 0; l < nodes.size(); l++) {
        int[] s = sequences.get(l);
        zeros.put(nodes.get(l), s.length == 0 ? 0 : s[Math.min(r, s.length - 1)]);
      }
      rounds.add(new Round(r * totalSteps / count, zeros));
    }
    return new MaskRounds(o, rounds, weights);
  }

  /** Zero-block counts after each round: at most {@code fraction} of the kept blocks (at least one) a round. */
  static int[] steps(int blocks, int target, double fraction) {
    List<Integer> s = new ArrayList<>();
    int zeros = 0;
    while (zeros < target) {
      int kept = blocks - zeros;
      zeros = Math.min(target, zeros + Math.max(1, (int) Math.floor(fraction * kept)));
      s.add(zeros);
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  PruneOptions options() {
    return options;
  }

  List<Round> rounds() {
    return rounds;
  }

  /** Weights the rounds mask (eligible conv weights), so the training graph multiplies them by a mask. */
  List<String> maskedWeights() {
    return eligibleWeights;
  }

  /** {@code g} with the blocks of {@code round} zeroed, and the resulting masks. */
  Pruner.Result apply(Graph g, Round round) {
    List<SparsityPlan.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Integer> e : round.zeros().entrySet()) {
      int blocks = blocksOf(g, e.getKey());
      double ratio = blocks == 0 ? 0 : (double) e.getValue() / blocks;
      entries.add(new SparsityPlan.Entry(e.getKey(), ratio, Pattern.compile(Pattern.quote(e.getKey()))));
    }
    return Pruner.prune(g, options.withPlan(new SparsityPlan(entries, "pruning round")));
  }

  private int blocksOf(Graph g, String node) {
    var layer = bsc.sparsify.PrunableLayer.of(g, g.node(node));
    return (int) layer.grid(options.block()).blocks();
  }
}
