package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnxio.OnnxExporter;
import bsc.ir.onnxio.OnnxImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Import then export of models exported from PyTorch (libonnx-testdata's pytorch-converted set, opset 6
 * files converted to bsc's canonical forms) gives files ONNX Runtime runs to the outputs stored with them.
 */
class TorchExportRoundTripTest {
  private static final Path ROOT = Path.of("/usr/share/libonnx-testdata/data/pytorch-converted");

  @Test
  void exportedFilesRunInOnnxRuntimeToTheStoredOutputs() throws Exception {
    assumeTrue(Files.isDirectory(ROOT), "libonnx-testdata not installed");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<String> failures = new ArrayList<>();
    int compared = 0;
    List<Path> dirs;
    try (Stream<Path> s = Files.list(ROOT)) {
      dirs = s.sorted().toList();
    }
    for (Path dir : dirs) {
      Graph g;
      try {
        g = OnnxImporter.load(dir.resolve("model.onnx"));
      } catch (BscException e) {
        continue; // unsupported op: the shape-inference suite checks that this is a clean error
      }
      Tensor x = OnnxImporter.readTensor(dir.resolve("test_data_set_0/input_0.pb"));
      Tensor expected = OnnxImporter.readTensor(dir.resolve("test_data_set_0/output_0.pb"));
      if (g.inputs().size() != 1 || x.dtype() != DataType.FLOAT || expected.dtype() != DataType.FLOAT) {
        continue;
      }
      try (OrtSession s = env.createSession(OnnxExporter.toBytes(g), new OrtSession.SessionOptions());
          OnnxTensor in = OnnxTensor.createTensor(env, x.bytes().asFloatBuffer(), x.shape().toArray());
          OrtSession.Result out = s.run(Map.of(g.inputs().get(0).name(), in))) {
        float[] got = ((OnnxTensor) out.get(0)).getFloatBuffer().array();
        float[] want = expected.toFloats();
        double scale = 1e-6;
        double err = 0;
        for (int i = 0; i < want.length; i++) {
          scale = Math.max(scale, Math.abs(want[i]));
          err = Math.max(err, Math.abs(want[i] - got[i]));
        }
        if (got.length != want.length || err > 1e-4 * scale) {
          failures.add(dir.getFileName() + ": max error " + err + " of " + scale);
        }
        compared++;
      }
    }
    System.out.println("torch-exported round trip: " + compared + " models run in ORT after bsc import/export");
    assertTrue(compared >= 40, "only " + compared + " models compared");
    assertEquals(List.of(), failures);
  }
}
