package bsc.aie2;

import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.verify.Checks;

/**
 * Checks a program (MLIR-style: after every compilation and in tests). Fails with a {@link bsc.ir.BscException}
 * naming the layer and instruction: accesses outside their buffers, overlapping live allocations, lock
 * acquires without releases (or deadlocks), DMA channels or buffer descriptors beyond the target, output
 * elements not written exactly once, weight loads that differ from the compacted weights.
 */
public final class ProgramVerifier {
  private ProgramVerifier() {}

  public static void verify(Program p) {
    Checks c = new Checks(p);
    c.global();
    for (LayerProgram l : p.layers()) {
      c.layer(l);
    }
    c.total();
  }
}
