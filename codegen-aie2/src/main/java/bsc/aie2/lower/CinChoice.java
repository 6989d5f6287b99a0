package bsc.aie2.lower;

import bsc.aie2.Aie2Target;

/**
 * Chooses how many input-channel chunks a conv's weights are cut into, once the memory plan has fixed the
 * memtile scratch the layer gets. Fewer CIN chunks mean fewer INT32 partial sums to write and read back, but
 * each core's weight buffer then holds fewer block rows, so the layer needs more COUT chunks, and the input is
 * streamed again for every one of them. The candidates run from the fewest chunks whose single block rows fit
 * the weight buffer (the only choice before this one) up to the count where every core's weights fit one COUT
 * chunk (more CIN chunks cannot reduce the input streaming any further) or the block columns run out; each is
 * planned in full (core plan, then the pass plan for the same scratch and staging) and ranked by
 * {@link LayerCost}; the search stops early once {@link LayerCost#lowerBound} of every further candidate is above
 * the best estimate. A candidate whose tiles do not fit the core buffers (INT32 partial sums take four times
 * the output slot), or that has no pass plan in the scratch, is skipped; ties keep the fewer chunks.
 */
final class CinChoice {
  /** A conv's plans with the chosen chunking and its estimated cycles. */
  record Choice(CorePlan plan, ChunkSizes sizes, PassPlan passes, double cycles) {}

  /** Plans a layer with at least the given number of CIN chunks. */
  interface Planner {
    Lowering.Planned plan(Layer l, int minCiChunks);
  }

  private final PassPlanner passes;
  private final LayerCost cost;
  private final Planner planner;

  CinChoice(Aie2Target t, PassPlanner passes, Planner planner) {
    this.passes = passes;
    this.cost = new LayerCost(t);
    this.planner = planner;
  }

  /** The cheapest chunking, starting from the fewest-chunks plan {@code p} and its pass plan {@code pp}. */
  Choice best(Layer l, CorePlan p, ChunkSizes cs, PassPlan pp, long scratch, boolean[] staged, boolean stagedOut) {
    Choice best = new Choice(p, cs, pp, cost.cycles(p, cs, pp, PassPlanner.stagedInputBytes(p, pp, staged)));
    int columns = CorePlanner.blockColumns(l);
    int n = p.ciChunks().size();
    int chunks = p.chunks();
    while (chunks > 1 && n < columns && cost.lowerBound(l, cs, n + 1) < best.cycles()) {
      Lowering.Planned c = planner.plan(l, n + 1);
      if (c == null) {
        n++;
        continue;
      }
      n = c.plan().ciChunks().size();
      chunks = c.plan().chunks();
      PassPlan cpp = passes.plan(c.plan(), c.sizes(), scratch, staged, stagedOut);
      if (cpp == null) {
        continue;
      }
      double cycles = cost.cycles(c.plan(), c.sizes(), cpp, PassPlanner.stagedInputBytes(c.plan(), cpp, staged));
      if (cycles < best.cycles()) {
        best = new Choice(c.plan(), c.sizes(), cpp, cycles);
      }
    }
    return best;
  }
}
