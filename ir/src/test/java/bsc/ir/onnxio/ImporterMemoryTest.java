package bsc.ir.onnxio;

import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import aliases raw_data in the file mapping: a 64 MB weight does not land on the heap. */
class ImporterMemoryTest {
  private static final int WEIGHT_FLOATS = 16 << 20; // 64 MiB of f32

  @TempDir Path dir;

  @Test
  void a64MegabyteInitializerStaysOutOfTheHeap() throws IOException {
    Path file = dir.resolve("big.onnx");
    writeModelWithBigWeight(file);
    long fileBytes = Files.size(file);
    assertTrue(fileBytes > WEIGHT_FLOATS * 4L);

    long before = usedHeapBytes();
    Graph g = OnnxImporter.load(file);
    long grown = usedHeapBytes() - before;

    assertTrue(grown < fileBytes / 4, "heap grew by " + grown + " bytes importing a " + fileBytes + "-byte model");
    System.out.printf("importing a %d MB model grew the heap by %.1f MB%n", fileBytes >> 20, grown / 1048576.0);
    Tensor w = g.initializer("w");
    assertEquals(Shape.of(4096, 4096), w.shape());
    assertTrue(w.bytes().isDirect(), "weight bytes were copied onto the heap");
    assertEquals(12345 % 1000 / 8f, (float) w.getDouble(12345));
    assertEquals((WEIGHT_FLOATS - 1) % 1000 / 8f, (float) w.getDouble(WEIGHT_FLOATS - 1));
    Reference.reachabilityFence(g);
  }

  /** x [1,4096] MatMul w [4096,4096]; w lives in a direct buffer, so writing does not fill the heap either. */
  private static void writeModelWithBigWeight(Path file) throws IOException {
    ByteBuffer data = ByteBuffer.allocateDirect(WEIGHT_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < WEIGHT_FLOATS; i++) {
      data.putFloat(i % 1000 / 8f);
    }
    data.flip();
    Graph.Builder b = Graph.builder("big").addInput("x", f32(1, 4096))
        .addInitializer("w", Tensor.wrap(DataType.FLOAT, Shape.of(4096, 4096), data));
    b.add(OpType.MAT_MUL, "y", attrs(), "x", "w");
    try (OutputStream out = Files.newOutputStream(file)) {
      OnnxExporter.toModel(b.addOutput("y").build()).writeTo(out);
    }
  }

  private static long usedHeapBytes() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
