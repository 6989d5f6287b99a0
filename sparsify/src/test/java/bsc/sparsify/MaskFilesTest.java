package bsc.sparsify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskFilesTest {
  @TempDir Path dir;
  private final Graph g = TestGraphs.threeConvs();

  private Path write(String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void sidecarRoundTripsAndVerifies() throws Exception {
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5));
    Path p = write("m.mask.json", MaskSidecar.toJson(r.masks()));
    var masks = MaskVerifier.verify(r.graph(), MaskSidecar.read(p), p.toString());
    assertEquals(r.masks().get("conv1").mask(), masks.get(1).mask());
    assertEquals(new String(MaskSidecar.toJson(r.masks())), new String(MaskSidecar.toJson(r.masks())));
  }

  @Test
  void aNonzeroMaskedBlockIsReportedWithLayerAndBlock() throws Exception {
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5));
    Path p = write("m.mask.json", MaskSidecar.toJson(r.masks()));
    BlockMask m = r.masks().get("conv1").mask();
    int br = 0;
    int bc = 0;
    outer:
    for (br = 0; br < m.rows(); br++) {
      for (bc = 0; bc < m.cols(); bc++) {
        if (!m.isKept(br, bc)) {
          break outer;
        }
      }
    }
    float[] w = r.graph().initializer("w1").toFloats();
    w[(br * 8) * 144 + (bc * 8) * 9] = 0.5f;
    Graph tampered = r.graph().toBuilder().addInitializer("w1", Tensor.ofFloats(g.type("w1").shape(), w)).build();
    BscException e = assertThrows(BscException.class, () -> MaskVerifier.verify(tampered, MaskSidecar.read(p), "m"));
    assertTrue(e.what().contains("layer conv1: block (" + br + ", " + bc + ")"), e.what());
  }

  @Test
  void aMaskForOtherWeightsFailsTheDigest() throws Exception {
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5));
    Path p = write("m.mask.json", MaskSidecar.toJson(r.masks()));
    float[] w = r.graph().initializer("w2").toFloats();
    for (int i = 0; i < w.length; i++) {
      w[i] *= 2;
    }
    Graph other = r.graph().toBuilder().addInitializer("w2", Tensor.ofFloats(g.type("w2").shape(), w)).build();
    BscException e = assertThrows(BscException.class, () -> MaskVerifier.verify(other, MaskSidecar.read(p), "m"));
    assertTrue(e.what().contains("digest"), e.what());
  }

  @Test
  void planGlobsApplyInOrderAndLastMatchWins() throws Exception {
    Path plan = write("plan.json", "{\"layers\": {\"conv*\": 0.25, \"conv2\": \"dense\", \"conv1\": 0.75}}".getBytes());
    Pruner.Result r = Pruner.prune(g, PruneOptions.paper(0.5).withPlan(SparsityPlan.load(plan)));
    assertEquals(6, r.masks().get("conv1").mask().zeroBlocks()); // 0.75 of 8
    assertEquals(0, r.masks().get("conv2").mask().zeroBlocks());
    assertTrue(r.masks().get("conv2").denseReason().startsWith("plan: dense"));
  }

  @Test
  void aPlanGlobNamingNoLayerIsAnError() throws Exception {
    Path plan = write("plan.json", "{\"layers\": {\"layer9.*\": 0.5}}".getBytes());
    SparsityPlan sp = SparsityPlan.load(plan);
    BscException e = assertThrows(BscException.class, () -> Pruner.prune(g, PruneOptions.paper(0.5).withPlan(sp)));
    assertTrue(e.what().contains("layer9.*"), e.what());
  }

  @Test
  void badPlanValuesAreRejected() throws Exception {
    Path plan = write("plan.json", "{\"layers\": {\"conv1\": 1.5}}".getBytes());
    assertThrows(BscException.class, () -> SparsityPlan.load(plan));
    Path notJson = write("bad.json", "{".getBytes());
    assertThrows(BscException.class, () -> SparsityPlan.load(notJson));
  }
}
