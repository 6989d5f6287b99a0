package bsc.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinModelsTest {
  static List<String> names() {
    return BuiltinModels.names();
  }

  @Test
  void listsTheFiveTorchvisionModelsAndTheTestNetInOrder() {
    assertEquals(List.of("resnet50", "resnet18", "vgg16", "inception_v3", "mobilenet_v2", "tiny_cnn"),
        BuiltinModels.names());
  }

  @Test
  void anUnknownNameFailsNamingTheModelAndTheBuiltIns() {
    BscException e = assertThrows(BscException.class, () -> BuiltinModels.build("resnet51"));
    assertEquals("model resnet51", e.where());
    assertTrue(e.what().contains("resnet50, resnet18, vgg16"), e.what());
    assertTrue(!BuiltinModels.has("resnet51") && BuiltinModels.has("resnet50"));
  }

  @Test
  void infoLineShowsNameInputParametersAndMacs() {
    String line = BuiltinModels.info("resnet50").line();
    assertTrue(line.startsWith("resnet50 "), line);
    assertTrue(line.contains("1x3x224x224"), line);
    assertTrue(line.contains("25.56M params"), line);
    assertTrue(line.contains("4.09 GMAC"), line);
  }

  @ParameterizedTest
  @MethodSource("names")
  void hasOneFloatNchwInputNamedInputAndOneOutputNamedLogits(String name) {
    Graph g = TestModels.get(name);
    assertEquals(1, g.inputs().size());
    assertEquals("input", g.inputs().get(0).name());
    assertEquals(DataType.FLOAT, g.inputs().get(0).type().dtype());
    assertEquals(BuiltinModels.info(name).input(), g.inputs().get(0).type());
    assertEquals(1, g.outputs().size());
    assertEquals("logits", g.outputs().get(0).name());
    long classes = name.equals("tiny_cnn") ? 10 : 1000;
    assertEquals(Shape.of(1, classes), g.outputs().get(0).type().shape());
  }

  /** Parameters are named like a torchvision state dict: the reading node's name, a dot, a field. */
  @ParameterizedTest
  @MethodSource("names")
  void everyParameterIsNamedAfterTheLayerThatReadsIt(String name) {
    Graph g = TestModels.get(name);
    int named = 0;
    for (Node n : g.nodes()) {
      for (String in : n.inputs()) {
        if (g.isInitializer(in) && !in.startsWith("relu6.")) {
          String field = in.substring(in.lastIndexOf('.') + 1);
          assertEquals(n.name() + "." + field, in, "parameter of " + n.name());
          assertTrue(List.of("weight", "bias", "running_mean", "running_var").contains(field), in);
          named++;
        }
      }
    }
    int scalars = g.isInitializer("relu6.min") ? 2 : 0;
    assertEquals(g.initializers().size() - scalars, named, "every initializer is read once");
  }

  @ParameterizedTest
  @MethodSource("names")
  void batchNormStatisticsAreNonTrivialSoFoldingIsExercised(String name) {
    Graph g = TestModels.get(name);
    for (Node bn : TestModels.nodesOf(g, OpType.BATCH_NORMALIZATION)) {
      float gammaScale = endsResNetBranch(g, bn) ? 0.25f : 1f;
      assertAllIn(g.initializer(bn.input(1)).toFloats(), 0.5f * gammaScale, 1.5f * gammaScale, bn.input(1));
      assertAllIn(g.initializer(bn.input(4)).toFloats(), 0.5f, 1.5f, bn.input(4));
      float[] mean = g.initializer(bn.input(3)).toFloats();
      assertTrue(stdOf(mean) > 0.03 && stdOf(mean) < 0.2, bn.input(3) + " std " + stdOf(mean));
      float[] beta = g.initializer(bn.input(2)).toFloats();
      assertTrue(stdOf(beta) > 0.03 && stdOf(beta) < 0.2, bn.input(2) + " std " + stdOf(beta));
    }
  }

  /** The last BN of a ResNet block's residual branch, whose gamma is damped to keep activations bounded. */
  private static boolean endsResNetBranch(Graph g, Node bn) {
    boolean resnet = g.name().startsWith("resnet") || g.name().equals("tiny_cnn");
    return resnet && bn.name().matches("layer\\d\\.\\d+\\.bn[23]")
        && g.consumers(bn.output()).get(0).op() == OpType.ADD;
  }

  private static void assertAllIn(float[] values, float lo, float hi, String what) {
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float x : values) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    assertTrue(min >= lo && max <= hi, what + " spans [" + min + ", " + max + "]");
    assertTrue(max - min > (hi - lo) / 4, what + " is nearly constant");
  }

  static double stdOf(float[] v) {
    double sum = 0;
    double sq = 0;
    for (float x : v) {
      sum += x;
      sq += (double) x * x;
    }
    double mean = sum / v.length;
    return Math.sqrt(sq / v.length - mean * mean);
  }
}
