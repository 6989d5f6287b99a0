package bsc.sim.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.CompiledProgram;
import bsc.aie2.program.LayerProgram;
import bsc.sparsify.quant.QuantizedModel;
import org.junit.jupiter.api.Test;

/** The functional simulator on real compiled programs reproduces the INT8 executor bit for bit. */
class FunctionalSimulatorTest {
  private static void matches(String model, double sparsity, String array) {
    QuantizedModel m = QuantizedModels.of(model, sparsity);
    matches(m, QuantizedModels.compile(m, array, sparsity), model + " " + sparsity + " " + array);
  }

  private static void matches(QuantizedModel m, CompiledProgram p, String what) {
    FunctionalResult r = FunctionalSimulator.check(p, m, QuantizedModels.input(m, 7));
    assertTrue(r.matches(), what + ": " + r.summary());
    String lastComputed = null;
    for (LayerProgram l : p.program().layers()) {
      if (!l.instructions().isEmpty()) {
        lastComputed = l.output();
      }
    }
    assertEquals(lastComputed, r.outputTensor(), "the network's last computed value is checked");
    assertTrue(r.layersChecked() > 5, r.summary());
  }

  @Test
  void tinyCnnDenseOn2x2() {
    matches("tiny_cnn", 0, "2x2");
  }

  @Test
  void resnet18DenseAndSparseOn2x2And4x4() {
    for (double s : new double[] {0, 0.5}) {
      for (String a : new String[] {"2x2", "4x4"}) {
        matches("resnet18", s, a);
      }
    }
  }

  @Test
  void theUncompactedBaselineOfASparseModelMatchesToo() {
    // the paper's dense baseline (nocompression): zero blocks are stored, moved and multiplied
    QuantizedModel m = QuantizedModels.of("resnet18", 0.5);
    CompiledProgram p = bsc.aie2.Aie2Compiler.compile(m, bsc.aie2.TargetLoader.load("3x3"),
        bsc.aie2.lower.LowerOptions.defaults().withCompaction(false).withExcludeClassifier(false));
    matches(m, p, "resnet18 0.5 3x3 without compaction");
  }
}
