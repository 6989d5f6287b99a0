package bsc.aie2.lower;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import org.junit.jupiter.api.Test;

/**
 * CinChoice stops searching once {@link LayerCost#lowerBound} of the next candidate reaches the best estimate,
 * which is only sound if the bound is below the estimate of every plan with at least that many input-channel
 * chunks: checked on every conv of 50%-pruned resnet50 and vgg16, dense and compacted, on 2x2 and 8x8, for the
 * fewest chunks and up to three more, each planned in full with the whole memtile as scratch and every tensor
 * staged (the bound must hold whatever the memory plan gives).
 */
class CinChoiceBoundTest {
  @Test
  void theLowerBoundNeverExceedsTheEstimateOfAPlanWithThatManyChunks() {
    for (String model : new String[] {"resnet50", "vgg16"}) {
      Graph g = Pruner.prune(PassManager.canonical().run(BuiltinModels.build(model)), PruneOptions.paper(0.5)).graph();
      Schedule s = Scheduler.schedule(g, WeightSource.timingOnly(), true);
      for (String array : new String[] {"2x2", "8x8"}) {
        Aie2Target t = TargetLoader.load(array);
        for (boolean compaction : new boolean[] {false, true}) {
          check(s, t, compaction, model + " " + array + (compaction ? " compacted" : " dense"));
        }
      }
    }
  }

  private static void check(Schedule s, Aie2Target t, boolean compaction, String run) {
    CorePlanner planner = new CorePlanner(t, compaction);
    PassPlanner passes = new PassPlanner(t);
    LayerCost cost = new LayerCost(t);
    int checked = 0;
    for (Layer l : s.layers()) {
      if (l.kind() != LayerKind.CONV) {
        continue;
      }
      CorePlan first = planner.plan(l);
      int fewest = first.ciChunks().size();
      for (int n = fewest; n <= Math.min(fewest + 3, CorePlanner.blockColumns(l)); n++) {
        CorePlan p = planner.planOrNull(l, l.out().h(), n);
        if (p == null) {
          continue;
        }
        ChunkSizes cs = new ChunkSizes(p, compaction);
        boolean[] staged = new boolean[l.inputs().size()];
        java.util.Arrays.fill(staged, true);
        PassPlan pp = passes.plan(p, cs, t.memtileBytesPerColumn(), staged, true);
        if (pp == null) {
          continue;
        }
        double cycles = cost.cycles(p, cs, pp, PassPlanner.stagedInputBytes(p, pp, staged));
        double bound = cost.lowerBound(l, cs, n);
        assertTrue(bound <= cycles, run + " " + l.name() + " with " + p.split() + ": bound " + bound + " > " + cycles);
        checked++;
      }
    }
    assertTrue(checked > 10, run + ": only " + checked + " plans checked");
  }
}
