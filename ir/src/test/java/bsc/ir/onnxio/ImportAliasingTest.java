package bsc.ir.onnxio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import keeps initializer bytes in the file mapping instead of copying them onto the heap. */
class ImportAliasingTest {
  @TempDir
  Path dir;

  @Test
  void initializerBytesOfALoadedFileAreReadInPlace() throws IOException {
    float[] weights = new float[16 * 8 * 3 * 3];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = i * 0.25f;
    }
    Graph.Builder b = Graph.builder("aliasing");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 8, 5, 5));
    b.addInitializer("w", Tensor.ofFloats(Shape.of(16, 8, 3, 3), weights));
    b.add(OpType.CONV, "conv", Attributes.empty(), "x", "w");
    b.addOutput("conv");
    Path file = Files.write(dir.resolve("m.onnx"), OnnxExporter.toBytes(b.build()));

    Tensor w = OnnxImporter.load(file).initializer("w");
    assertTrue(w.bytes().isDirect(), "weights were copied onto the heap");
    assertArrayEquals(weights, w.toFloats());
  }
}
