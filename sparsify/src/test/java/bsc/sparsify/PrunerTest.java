package bsc.sparsify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import bsc.ir.Graph;
import org.junit.jupiter.api.Test;

class PrunerTest {
  private final Graph g = TestGraphs.threeConvs();

  @Test
  void prunesExactlyHalfTheBlocksOfEachEligibleConv() {
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5));
    LayerMask conv1 = r.masks().get("conv1");
    LayerMask conv2 = r.masks().get("conv2");
    assertEquals(4, conv1.mask().zeroBlocks()); // 4x2 blocks
    assertEquals(6, conv2.mask().zeroBlocks()); // 3x4 blocks (24 = 3 block rows)
    assertEquals(0, r.masks().get("conv0").mask().zeroBlocks());
    assertEquals("excluded: first conv", r.masks().get("conv0").denseReason());
    assertNotNull(r.masks().get("fc").denseReason());
  }

  @Test
  void prunedBlocksAreExactlyZeroAndKeptWeightsUnchanged() {
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5));
    float[] before = g.initializer("w1").toFloats();
    float[] after = r.graph().initializer("w1").toFloats();
    BlockMask m = r.masks().get("conv1").mask();
    int zeroed = 0;
    for (int o = 0; o < 32; o++) {
      for (int i = 0; i < 16; i++) {
        for (int k = 0; k < 9; k++) {
          int idx = o * 144 + i * 9 + k;
          if (m.isKept(o / 8, i / 8)) {
            assertEquals(before[idx], after[idx]);
          } else {
            assertEquals(0f, after[idx]);
            zeroed++;
          }
        }
      }
    }
    assertEquals(4 * 8 * 8 * 9, zeroed);
    assertArrayEquals(g.initializer("w0").toFloats(), r.graph().initializer("w0").toFloats());
    assertEquals(g.parameterCount(), r.graph().parameterCount(), "shapes never change");
  }

  @Test
  void theZeroedBlocksAreTheLowestL2Blocks() {
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5));
    BlockGrid grid = PrunableLayer.of(g, g.node("conv1")).grid(BlockShape.AIE2_DEFAULT);
    float[] w = g.initializer("w1").toFloats();
    BlockMask m = r.masks().get("conv1").mask();
    double maxZeroed = 0;
    double minKept = Double.MAX_VALUE;
    for (int br = 0; br < 4; br++) {
      for (int bc = 0; bc < 2; bc++) {
        double s = Criterion.L2.score(w, grid, br, bc, null);
        if (m.isKept(br, bc)) {
          minKept = Math.min(minKept, s);
        } else {
          maxZeroed = Math.max(maxZeroed, s);
        }
      }
    }
    assertTrue(maxZeroed < minKept);
  }

  @Test
  void includeFcAndFirstConvOptionsMakeThemEligible() {
    PruneOptions o = PruneOptions.paper(0.5).withEligibility(true, true);
    Pruner.Result r = Pruner.prune(g, o);
    assertNull(r.masks().get("fc").denseReason());
    assertEquals(3, r.masks().get("fc").mask().zeroBlocks()); // 10x24 is 2x3 blocks; half of 6
    assertEquals(1, r.masks().get("conv0").mask().zeroBlocks()); // 16x3 is 2x1 blocks; half of 2
  }

  @Test
  void theClassifierStaysDenseAfterTheCanonicalPassesMadeIt1x1Conv() {
    Graph canonical = bsc.ir.passes.PassManager.canonical().run(bsc.models.BuiltinModels.build("resnet18"));
    assertEquals(bsc.ir.OpType.CONV, canonical.node("fc").op());
    Pruner.Result r = Pruner.prune(canonical, PruneOptions.paper(0.5));
    assertEquals("excluded: fully connected (use --include-fc)", r.masks().get("fc").denseReason());
    assertEquals(0, r.masks().get("fc").mask().zeroBlocks());
    // A 1x1 conv on a feature map larger than 1x1 is a conv, pruned as such.
    assertNull(r.masks().get("layer2.0.downsample.0").denseReason());
    Pruner.Result all = Pruner.prune(canonical, PruneOptions.paper(0.5).withEligibility(true, false));
    assertNull(all.masks().get("fc").denseReason());
  }

  @Test
  void aModelThatAlreadyCarriesBlockZerosKeepsThem() {
    Graph pruned = Pruner.prune(g, PruneOptions.paper(0.5)).graph();
    Pruner.Result again = Pruner.prune(pruned, PruneOptions.paper(0.5).withRatio(null));
    assertEquals(4, again.masks().get("conv1").mask().zeroBlocks());
    assertArrayEquals(pruned.initializer("w1").toFloats(), again.graph().initializer("w1").toFloats());
  }

  @Test
  void globalPolicyReachesTheOverallRatio() {
    PruneOptions o = PruneOptions.paper(0.5).withPolicy(PruneOptions.Policy.GLOBAL, Criterion.L2, false);
    Pruner.Result r = Pruner.prune(g, o);
    int zero = r.masks().get("conv1").mask().zeroBlocks() + r.masks().get("conv2").mask().zeroBlocks();
    assertEquals(10, zero); // round(0.5 * (8 + 12))
  }

  @Test
  void badRatiosAreRejected() {
    assertThrows(BscException.class, () -> PruneOptions.paper(1.0));
    assertThrows(BscException.class, () -> PruneOptions.paper(-0.1));
  }
}
