package bsc.ir.onnxio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.ir.Graph;
import bsc.ir.IrPrinter;
import bsc.ir.Shape;
import org.junit.jupiter.api.Test;

/** The fuzz seeds are valid, so mutants start from models that exercise the whole importer. */
class FuzzSeedsTest {
  @Test
  void theModernSeedImports() {
    Graph g = OnnxImporter.fromModel(FuzzSeeds.modern(), "modern");
    assertEquals(Shape.of(1, 5), g.type("prob").shape());
    assertEquals(Shape.of(1, 5), g.type("mm").shape());
  }

  @Test
  void theLegacySeedImportsInCanonicalForm() {
    Graph g = OnnxImporter.fromModel(FuzzSeeds.legacy(), "legacy");
    assertEquals(Shape.of(1, 16), g.type("prob").shape());
    String ir = IrPrinter.print(g);
    for (String line : new String[] {
        "%add = Add(%conv, @b.bcast_0) : 1x4x6x6 f32",
        "%clip = Clip(%bn, @clip.min, @clip.max) : 1x4x6x6 f32",
        "%pad = Pad(%clip, @pad.pads, @pad.value) : 1x4x8x8 f32",
        "%s0, %s1 = Split(%pool, @split.split) {axis=1} : 1x1x2x2 f32, 1x3x2x2 f32",
        "%sq = Squeeze(%s0, @sq.axes) : 1x2x2 f32",
        "%flat = Reshape(%cat, @target) : 1x16 f32",
        "%prob.softmax = Softmax(%prob.flatten) {axis=1} : 1x16 f32"}) {
      assertEquals(true, ir.contains(line + "\n"), "missing '" + line + "' in\n" + ir);
    }
  }
}
