package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import bsc.ir.Graph;
import bsc.ir.onnxio.OnnxExporter;
import bsc.models.BuiltinModels;
import bsc.sparsify.BlockMask;
import bsc.sparsify.LayerMask;
import bsc.sparsify.MaskSet;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Pruning the paper's models (paper-facts.md 2.3: every conv but the first, 8x8 blocks, 50%). */
class PaperModelPruningTest {
  @Test
  void resnet50AtHalfZeroesHalfOfEveryEligibleConvAndRunsInOnnxRuntime() throws Exception {
    Graph g = BuiltinModels.build("resnet50");
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5));
    long zeroedWeights = 0;
    int eligible = 0;
    for (LayerMask m : r.masks().list()) {
      BlockMask mask = m.mask();
      if (!m.eligible()) {
        assertEquals(0, mask.zeroBlocks(), m.layer().node() + " must stay dense");
        continue;
      }
      eligible++;
      assertEquals(Math.round(0.5 * mask.blocks()), mask.zeroBlocks(), m.layer().node());
      // every channel count in resnet50's pruned convs is a multiple of 8: each zero block is 64 x taps weights
      zeroedWeights += (long) mask.zeroBlocks() * 64 * m.layer().taps();
    }
    assertEquals(52, eligible, "53 convs (paper-facts.md 2.3 [LOG]) minus the first");
    assertEquals("excluded: first conv", r.masks().get("conv1").denseReason());
    assertArrayEquals(g.initializer("conv1.weight").toFloats(), r.graph().initializer("conv1.weight").toFloats());
    assertEquals(countNonzero(g) - zeroedWeights, countNonzero(r.graph()));

    float[] logits = runInOrt(r.graph());
    assertEquals(1000, logits.length);
    for (float v : logits) {
      assertTrue(Float.isFinite(v));
    }
  }

  static Stream<Arguments> paperModelsAndRatios() {
    return Stream.of("resnet50", "inception_v3", "vgg16")
        .flatMap(m -> Stream.of(0.25, 0.5, 0.75).map(r -> Arguments.of(m, r)));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("paperModelsAndRatios")
  void balanceAndNoEmptyLinesHoldOnEveryLayer(String model, double ratio) {
    Graph g = BuiltinModels.build(model);
    int groups = 4;
    MaskSet masks = Pruner.prune(g, PruneOptions.paper(ratio).withConstraints(true, groups)).masks();
    for (LayerMask m : masks.list()) {
      if (!m.eligible()) {
        continue;
      }
      BlockMask mask = m.mask();
      String where = model + " " + m.layer().node();
      for (int br = 0; br < mask.rows(); br++) {
        assertTrue(mask.keptInRow(br) > 0, where + " block row " + br + " is empty");
      }
      for (int bc = 0; bc < mask.cols(); bc++) {
        assertTrue(mask.keptInColumn(bc) > 0, where + " block column " + bc + " is empty");
      }
      int k = Math.min(groups, mask.rows());
      int[] kept = new int[k];
      for (int br = 0; br < mask.rows(); br++) {
        kept[(int) ((long) br * k / mask.rows())] += mask.keptInRow(br);
      }
      for (int i = 1; i < k; i++) {
        assertEquals(kept[0], kept[i], where + " group " + i);
      }
      assertTrue(Math.abs(mask.ratio() - ratio) < 0.2, where + " ratio " + mask.ratio());
    }
  }

  private static long countNonzero(Graph g) {
    long n = 0;
    for (var e : g.initializers().entrySet()) {
      if (e.getValue().dtype().isFloat()) {
        for (float v : e.getValue().toFloats()) {
          n += v != 0f ? 1 : 0;
        }
      }
    }
    return n;
  }

  private static float[] runInOrt(Graph g) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(OnnxExporter.toBytes(g), new OrtSession.SessionOptions())) {
      float[] x = new float[3 * 224 * 224];
      java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextGaussian();
      }
      try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3, 224, 224});
          OrtSession.Result out = s.run(Map.of("input", in))) {
        return ((float[][]) out.get(0).getValue())[0];
      }
    }
  }
}
