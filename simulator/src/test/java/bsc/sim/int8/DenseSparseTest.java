package bsc.sim.int8;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dense and block-sparse conv walks, and one or two threads, give the same bytes on every value. */
class DenseSparseTest {
  @Test
  void everyValueOfAHalfPrunedResnet18IsIdenticalOnBothPathsAndThreadCounts() {
    Graph g = BuiltinInt8.canonical("resnet18", 0.5);
    QuantizedModel m = BuiltinInt8.quantize(g, 1, QuantOptions.defaults());
    Map<String, Tensor> in = BuiltinInt8.input(g, 42);
    Map<String, byte[]> reference;
    try (Int8Executor dense = new Int8Executor(m, Int8Executor.Options.defaults()
        .withPath(Int8Executor.ConvPath.DENSE).withThreads(1))) {
      reference = dense.runAllValues(in);
    }
    for (int threads = 1; threads <= 2; threads++) {
      try (Int8Executor sparse = new Int8Executor(m, Int8Executor.Options.defaults().withThreads(threads))) {
        Map<String, byte[]> values = sparse.runAllValues(in);
        assertEquals(reference.keySet(), values.keySet());
        int nonzero = 0;
        for (Map.Entry<String, byte[]> e : reference.entrySet()) {
          assertArrayEquals(e.getValue(), values.get(e.getKey()), e.getKey() + " with " + threads + " threads");
          for (byte b : e.getValue()) {
            nonzero += b != 0 ? 1 : 0;
          }
        }
        assertTrue(nonzero > 100_000, "the values are not all zero: " + nonzero);
      }
    }
  }
}
