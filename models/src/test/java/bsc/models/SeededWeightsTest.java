package bsc.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeededWeightsTest {
  @ParameterizedTest
  @ValueSource(strings = {"resnet50", "inception_v3", "mobilenet_v2", "tiny_cnn"})
  void theSameSeedGivesByteIdenticalInitializers(String name) {
    Graph a = BuiltinModels.build(name, 42);
    Graph b = BuiltinModels.build(name, 42);
    assertEquals(a.initializers().keySet().stream().toList(), b.initializers().keySet().stream().toList());
    for (Map.Entry<String, Tensor> e : a.initializers().entrySet()) {
      Tensor other = b.initializer(e.getKey());
      assertEquals(e.getValue().type(), other.type(), e.getKey());
      assertTrue(e.getValue().bytes().equals(other.bytes()), e.getKey() + " differs between two builds");
    }
  }

  @Test
  void theDefaultSeedIsZero() {
    Graph a = BuiltinModels.build("tiny_cnn");
    Graph b = BuiltinModels.build("tiny_cnn", 0);
    for (String k : a.initializers().keySet()) {
      assertTrue(a.initializer(k).bytes().equals(b.initializer(k).bytes()), k);
    }
  }

  @Test
  void differentSeedsGiveDifferentValuesInEveryWeightTensor() {
    Graph a = BuiltinModels.build("mobilenet_v2", 1);
    Graph b = BuiltinModels.build("mobilenet_v2", 2);
    for (String k : a.initializers().keySet()) {
      if (!k.startsWith("relu6.")) {
        assertFalse(a.initializer(k).bytes().equals(b.initializer(k).bytes()), k + " ignores the seed");
      }
    }
  }

  @Test
  void aTensorDependsOnItsNameAndModelNotOnWhatWasDrawnBefore() {
    SeededWeights w = new SeededWeights("m", 7);
    float[] alone = w.heNormal("layer.weight", Shape.of(8, 4, 3, 3), 36).toFloats();
    SeededWeights v = new SeededWeights("m", 7);
    v.uniform("other.weight", Shape.of(1000), 0, 1);
    assertArrayEquals(alone, v.heNormal("layer.weight", Shape.of(8, 4, 3, 3), 36).toFloats());
    float[] otherModel = new SeededWeights("n", 7).heNormal("layer.weight", Shape.of(8, 4, 3, 3), 36).toFloats();
    assertFalse(Arrays.equals(alone, otherModel));
  }

  @Test
  void aLargeTensorsFirstStreamIsTheSmallTensorOfTheSameNameAndLaterStreamsAreIndependent() {
    int n = SeededWeights.STREAM_FLOATS;
    float[] small = new SeededWeights("m", 3).normal("w", Shape.of(n), 0, 1).toFloats();
    float[] large = new SeededWeights("m", 3).normal("w", Shape.of(3, n), 0, 1).toFloats();
    assertArrayEquals(small, Arrays.copyOf(large, n));
    float[] second = Arrays.copyOfRange(large, n, 2 * n);
    float[] third = Arrays.copyOfRange(large, 2 * n, 3 * n);
    assertFalse(Arrays.equals(small, second));
    assertFalse(Arrays.equals(second, third));
    // Each stream is N(0, 1) on its own, not a shifted copy of another.
    assertEquals(1.0, BuiltinModelsTest.stdOf(third), 0.01);
    assertEquals(0.0, mean(third), 0.01);
  }

  @Test
  void aLargeTensorsBytesDoNotDependOnTheThreadsThatDrewThem() throws Exception {
    Shape shape = Shape.of(5, SeededWeights.STREAM_FLOATS + 7);
    Tensor parallel = new SeededWeights("m", 5).heNormal("fc.weight", shape, 100);
    java.util.concurrent.ForkJoinPool one = new java.util.concurrent.ForkJoinPool(1);
    try {
      Tensor single = one.submit(() -> new SeededWeights("m", 5).heNormal("fc.weight", shape, 100)).get();
      assertTrue(parallel.bytes().equals(single.bytes()));
    } finally {
      one.shutdown();
    }
  }

  @Test
  void convWeightsAreHeNormalAndLinearWeightsSmallNormal() {
    Graph g = TestModels.get("resnet50");
    float[] w = g.initializer("layer3.0.conv2.weight").toFloats(); // 256 x 256 x 3 x 3
    double he = Math.sqrt(2.0 / (256 * 9));
    assertEquals(he, BuiltinModelsTest.stdOf(w), he * 0.01);
    assertEquals(0.0, mean(w), he * 0.01);
    float[] stem = g.initializer("conv1.weight").toFloats(); // fan-in 3 x 7 x 7
    assertEquals(Math.sqrt(2.0 / 147), BuiltinModelsTest.stdOf(stem), Math.sqrt(2.0 / 147) * 0.05);
    float[] fc = g.initializer("fc.weight").toFloats();
    assertEquals(0.01, BuiltinModelsTest.stdOf(fc), 0.0002);
  }

  @Test
  void depthwiseConvsUseTheirPerGroupFanIn() {
    Graph g = TestModels.get("mobilenet_v2");
    float[] w = g.initializer("features.15.conv.1.0.weight").toFloats(); // 960 x 1 x 3 x 3
    assertEquals(Math.sqrt(2.0 / 9), BuiltinModelsTest.stdOf(w), Math.sqrt(2.0 / 9) * 0.03);
  }

  @Test
  void modelsWithTheSameLayerNameGetDifferentWeights() {
    float[] r18 = TestModels.get("resnet18").initializer("conv1.weight").toFloats();
    float[] r50 = TestModels.get("resnet50").initializer("conv1.weight").toFloats();
    assertFalse(Arrays.equals(r18, r50));
  }

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }
}
