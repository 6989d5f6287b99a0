package bsc.aie2.verify;

import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;

/** The verifier's checks in order; public only so that {@code bsc.aie2.ProgramVerifier} can run them. */
public final class Checks {
  private final Program p;
  private final BoundsCheck bounds;
  private final AllocationCheck allocations;
  private final ResourceCheck resources;
  private final CoverageCheck coverage;
  private final WeightCheck weights;

  public Checks(Program p) {
    this.p = p;
    Regions regions = new Regions(p);
    this.bounds = new BoundsCheck(p, regions);
    this.allocations = new AllocationCheck(p, regions);
    this.resources = new ResourceCheck(p);
    this.coverage = new CoverageCheck(p, regions);
    this.weights = new WeightCheck(p);
  }

  public void global() {
    if (!Program.FORMAT.equals(p.format())) {
      throw Failure.program("format " + p.format() + " is not " + Program.FORMAT);
    }
    allocations.checkGlobal();
  }

  public void layer(LayerProgram l) {
    bounds.check(l);
    allocations.check(l);
    resources.check(l);
    new LockCheck(l).check();
    coverage.check(l);
    weights.check(l);
  }

  public void total() {
    weights.checkTotal();
  }
}
