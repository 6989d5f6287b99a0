package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.models.BuiltinModels;
import bsc.sim.fp32.Fp32Runner;
import bsc.sim.io.NpyFormat;
import bsc.sparsify.train.IdxDataset;
import bsc.sparsify.train.LabeledImages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bsc eval --int8}: labels are the FP32 executor's own predictions on real Fashion-MNIST test images, so
 * FP32 evaluation must score exactly 100% and INT8 evaluation measures INT8/FP32 top-1 agreement. fmnist_resnet
 * has a BatchNormalization behind its stem MaxPool, which only folds (and so only quantizes) through the pool.
 */
class EvalInt8CommandTest {
  private static final int IMAGES = 300;

  @TempDir
  Path dir;

  @Test
  void int8AgreesWithFp32OnFashionMnistImages() throws Exception {
    // CI installs dataset-fashion-mnist (.ci/run) and must run this; elsewhere it needs the package.
    Assumptions.assumeTrue(System.getenv("CI") != null || Files.isDirectory(IdxDataset.FASHION_MNIST_DIRS.get(0)),
        "dataset-fashion-mnist not installed");
    LabeledImages d = LabeledImages.fashionMnist(false, IMAGES);
    Shape shape = Shape.of(d.count(), d.channels(), d.height(), d.width());
    Tensor images = Tensor.ofFloats(shape, Arrays.copyOf(d.images(), d.count() * d.imageElements()));
    Graph g = BuiltinModels.build("fmnist_resnet");
    float[] logits = new Fp32Runner(g).run(Map.of(g.inputs().get(0).name(), images)).values().iterator().next()
        .toFloats();
    long[] predicted = new long[d.count()];
    int classes = logits.length / d.count();
    for (int i = 0; i < d.count(); i++) {
      for (int c = 1; c < classes; c++) {
        predicted[i] = logits[i * classes + c] > logits[i * classes + (int) predicted[i]] ? c : predicted[i];
      }
    }
    Path x = Files.write(dir.resolve("x.npy"), NpyFormat.write(images));
    Path y = Files.write(dir.resolve("y.npy"), int64Npy(predicted));
    String data = x + "," + y;

    Cli fp32 = Cli.run("eval", "fmnist_resnet", "--data", data, "--json");
    assertEquals(0, fp32.exitCode(), fp32.err());
    assertEquals(1.0, json(fp32).get("top1").asDouble());

    Cli int8 = Cli.run("eval", "fmnist_resnet", "--data", data, "--int8", "--json");
    assertEquals(0, int8.exitCode(), int8.err());
    JsonNode r = json(int8);
    assertEquals("int8", r.get("precision").asText());
    assertEquals(IMAGES, r.get("images").asInt());
    // Untrained logits are close together, so a few top-1 flips are expected; most must agree.
    assertTrue(r.get("top1").asDouble() >= 0.85, "INT8/FP32 top-1 agreement " + r.get("top1"));
    assertTrue(int8.err().contains("calibrating on the first 256 of the evaluated images"), int8.err());
  }

  @Test
  void badCalibrationImageCountIsAUsageError() {
    Cli c = Cli.run("eval", "fmnist_resnet", "--data", "fashion-mnist", "--int8", "--calibration-images", "0");
    assertEquals(2, c.exitCode());
    assertTrue(c.err().startsWith("bsc: error: --calibration-images: must be between 1 and"), c.err());
  }

  /** A NumPy 1.0 .npy file of little-endian int64 values (bsc writes float32 only; labels are integers). */
  private static byte[] int64Npy(long[] values) {
    StringBuilder header = new StringBuilder("{'descr': '<i8', 'fortran_order': False, 'shape': (" + values.length
        + ",), }");
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
    for (long v : values) {
      b.putLong(v);
    }
    return b.array();
  }

  private static JsonNode json(Cli c) throws Exception {
    return new ObjectMapper().readTree(c.out());
  }
}
