package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dense and block-sparse conv walks, one or two threads, and the scalar and vector loops give the same
 * bytes on every value.
 */
class DenseSparseTest {
  @Test
  void everyValueOfAHalfPrunedResnet18IsIdenticalOnBothPathsThreadCountsAndLoops() {
    // surefire starts the JVM with jdk.incubator.vector, so both loops really run here
    assertTrue(Int8Executor.Options.vectorAvailable(), "the test JVM lacks --add-modules=jdk.incubator.vector");
    Graph g = BuiltinInt8.canonical("resnet18", 0.5);
    QuantizedModel m = BuiltinInt8.quantize(g, 1, QuantOptions.defaults());
    Map<String, Tensor> in = BuiltinInt8.input(g, 42);
    Map<String, byte[]> reference;
    try (Int8Executor dense = new Int8Executor(m, Int8Executor.Options.defaults()
        .withPath(Int8Executor.ConvPath.DENSE).withThreads(1).withVector(false))) {
      reference = dense.runAllValues(in);
    }
    List<Int8Executor.Options> others = new ArrayList<>();
    for (Int8Executor.ConvPath path : Int8Executor.ConvPath.values()) {
      for (int threads = 1; threads <= 2; threads++) {
        for (boolean vector : new boolean[] {false, true}) {
          others.add(Int8Executor.Options.defaults().withPath(path).withThreads(threads).withVector(vector));
        }
      }
    }
    for (Int8Executor.Options o : others.subList(1, others.size())) {
      try (Int8Executor sparse = new Int8Executor(m, o)) {
        Map<String, byte[]> values = sparse.runAllValues(in);
        assertEquals(reference.keySet(), values.keySet());
        int nonzero = 0;
        for (Map.Entry<String, byte[]> e : reference.entrySet()) {
          assertArrayEquals(e.getValue(), values.get(e.getKey()), e.getKey() + " with " + o);
          for (byte b : e.getValue()) {
            nonzero += b != 0 ? 1 : 0;
          }
        }
        assertTrue(nonzero > 100_000, "the values are not all zero: " + nonzero);
      }
    }
  }
}
