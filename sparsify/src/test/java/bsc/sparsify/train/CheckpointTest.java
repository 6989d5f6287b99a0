package bsc.sparsify.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import bsc.ir.Graph;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  @Test
  void roundTripsWeightsVelocitiesMasksAndHistory() {
    Graph g = TinyTrainable.build(3);
    EpochStats e = new EpochStats(1, 0.5, 0.8, Double.NaN, 12.5, 0.25, 0.01);
    Checkpoint c = new Checkpoint(1, 31, "run-id", g, Map.of("conv2.weight", new float[] {1, -2.5f}),
        Map.of("conv3.weight", new float[] {0, 1}), List.of(e));
    Checkpoint back = Checkpoint.read(new ByteArrayInputStream(c.toBytes()), "ckpt");
    assertEquals(1, back.epochsDone());
    assertEquals(31, back.step());
    assertEquals("run-id", back.run());
    assertArrayEquals(new float[] {1, -2.5f}, back.velocity().get("conv2.weight"));
    assertArrayEquals(new float[] {0, 1}, back.masks().get("conv3.weight"));
    assertEquals(List.of(e), back.history());
    for (var w : g.initializers().entrySet()) {
      assertArrayEquals(w.getValue().toFloats(), back.weights().initializer(w.getKey()).toFloats(), w.getKey());
    }
  }

  @Test
  void anythingElseIsRejectedNamingTheFile() {
    BscException e = assertThrows(BscException.class,
        () -> Checkpoint.read(new ByteArrayInputStream("not a zip".getBytes()), "x.ckpt"));
    assertEquals("x.ckpt", e.where());
    assertTrue(e.what().contains("not a bsc training checkpoint"), e.what());
  }
}
