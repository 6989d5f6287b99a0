package bsc.sparsify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class BlockGridZeroBlocksTest {
  /** A 12x10x3x3 conv weight (edge blocks partial with 8x8) with zero blocks at (0,1) and (1,0). */
  private static float[] weights() {
    float[] w = new float[12 * 10 * 9];
    for (int o = 0; o < 12; o++) {
      for (int i = 0; i < 10; i++) {
        boolean zero = (o < 8 && i >= 8) || (o >= 8 && i < 8);
        for (int t = 0; t < 9; t++) {
          w[(o * 10 + i) * 9 + t] = zero ? 0f : 1f + t;
        }
      }
    }
    return w;
  }

  private static BlockGrid grid(Tensor w) {
    Graph.Builder b = Graph.builder("g");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 10, 4, 4));
    b.addInitializer("w", w);
    b.add(OpType.CONV, "conv", Attributes.empty(), "x", "w");
    b.addOutput("conv");
    return PrunableLayer.find(b.build()).get(0).grid(BlockShape.AIE2_DEFAULT);
  }

  @Test
  void countsTheSameZeroBlocksInPlaceAsOnACopy() {
    float[] values = weights();
    ByteBuffer direct = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    direct.asFloatBuffer().put(values);
    Tensor inPlace = Tensor.wrap(DataType.FLOAT, Shape.of(12, 10, 3, 3), direct);
    BlockGrid g = grid(inPlace);
    assertEquals(4, g.blocks());
    assertEquals(2, g.zeroBlocks(inPlace));
    assertEquals(2, g.zeroBlocks(Tensor.ofFloats(Shape.of(12, 10, 3, 3), values)));
    assertTrue(g.isZero(values, 0, 1));
    assertFalse(g.isZero(values, 1, 1));
  }
}
