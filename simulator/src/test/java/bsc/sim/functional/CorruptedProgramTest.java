package bsc.sim.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.CompiledProgram;
import bsc.aie2.program.Program;
import bsc.ir.Tensor;
import bsc.sparsify.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A program corrupted in one transfer (an address shifted, the halo columns of a width-split input dropped)
 * computes a wrong layer, and the functional check names that layer first.
 */
class CorruptedProgramTest {
  private static final double SPARSITY = 0.5;

  private static FunctionalResult run(Program p, CompiledProgram compiled, QuantizedModel m) {
    Map<String, Tensor> input = QuantizedModels.input(m, 7);
    return FunctionalSimulator.check(p, compiled.weights(), m, input);
  }

  private static void namesTheLayer(Program broken, ProgramMutations.Site site, CompiledProgram c,
      QuantizedModel m) {
    FunctionalResult r = run(broken, c, m);
    assertFalse(r.matches(), "the corruption went unnoticed");
    LayerMismatch first = r.firstMismatch();
    assertEquals(site.layer(), first.layer(), r.summary());
    assertEquals(broken.layers().get(site.layer()).name(), first.name());
    assertTrue(r.summary().contains("'" + first.name() + "'"), r.summary());
  }

  @Test
  void aShiftedInputAddressIsAMismatchNamingItsLayer() {
    QuantizedModel m = QuantizedModels.of("resnet18", SPARSITY);
    CompiledProgram c = QuantizedModels.compile(m, "4x4", SPARSITY);
    assertTrue(run(c.program(), c, m).matches(), "the uncorrupted program matches");
    ProgramMutations.Site site = ProgramMutations.find(c.program(), t -> true);
    // one pixel further on: 8 channels is the smallest pixel stride any tensor of the program has
    namesTheLayer(ProgramMutations.replace(c.program(), site, t -> ProgramMutations.shiftSource(t, 8)), site, c, m);
  }

  @Test
  void aDroppedHaloIsAMismatchNamingItsLayer() {
    QuantizedModel m = QuantizedModels.of("resnet18", SPARSITY);
    CompiledProgram c = QuantizedModels.compile(m, "4x4", SPARSITY);
    ProgramMutations.Site site = ProgramMutations.find(c.program(), t -> t.segments().size() > 1);
    Program broken = ProgramMutations.replace(c.program(), site, ProgramMutations::dropLastSegment);
    namesTheLayer(broken, site, c, m);
  }

  @Test
  void aTimingOnlyProgramIsRefused() {
    QuantizedModel m = QuantizedModels.of("resnet18", SPARSITY);
    CompiledProgram c = bsc.aie2.Aie2Compiler.compile(m.graph(), bsc.aie2.TargetLoader.load("2x2"),
        bsc.aie2.lower.LowerOptions.defaults());
    bsc.ir.BscException e = org.junit.jupiter.api.Assertions.assertThrows(bsc.ir.BscException.class,
        () -> run(c.program(), c, m));
    assertTrue(e.getMessage().contains("timing only"), e.getMessage());
  }
}
