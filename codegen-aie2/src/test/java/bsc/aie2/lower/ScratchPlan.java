package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.TargetLoader;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sparsify.Pruner;
import bsc.sparsify.PruneOptions;
import org.junit.jupiter.api.Test;

class ScratchPlan {
  @Test
  void print() {
    Graph g = PassManager.canonical().run(BuiltinModels.build("resnet50"));
    g = Pruner.prune(g, PruneOptions.paper(0.5)).graph();
    Schedule s = Scheduler.schedule(g, WeightSource.timingOnly(), true);
    Aie2Target t = TargetLoader.load("4x4");
    CorePlanner p = new CorePlanner(t, true);
    for (Layer l : s.layers().subList(0, 0)) {
      if (!l.kind().movesData()) continue;
      CorePlan c = p.plan(l);
      System.out.printf("%-28s %-10s %s %s -> %s  %s  cost=%.0f%n", l.name(), l.kind(), l.window().shortName(), l.in(), l.out(), c.split(), c.costCycles());
    }
    for (String a : TargetLoader.PAPER_ARRAYS) {
      for (String m : new String[] {"resnet50", "inception_v3", "vgg16", "mobilenet_v2"}) {
        Graph gg = PassManager.canonical().run(BuiltinModels.build(m));
        Schedule ss = Scheduler.schedule(gg, WeightSource.timingOnly(), false);
        CorePlanner pp = new CorePlanner(TargetLoader.load(a), true);
        long t0 = System.nanoTime();
        for (Layer l : ss.layers()) if (l.kind().movesData()) pp.plan(l);
        System.out.println(a + " " + m + " ok " + (System.nanoTime() - t0) / 1000000 + " ms");
      }
    }
  }
}
