package bsc.ir.onnxio;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Tensor;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import bsc.ir.onnx.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The ONNX backend test models of Debian's libonnx-testdata, and the input bindings their data sets give. */
final class OnnxTestData {
  static final Path ROOT = Path.of("/usr/share/libonnx-testdata/data");
  static final List<String> SETS = List.of("node", "pytorch-converted", "pytorch-operator", "simple");

  private OnnxTestData() {}

  static boolean present() {
    return Files.isDirectory(ROOT.resolve("node"));
  }

  /** The test directories of one set that hold a model.onnx, in name order. */
  static List<Path> tests(String set) {
    try (Stream<Path> s = Files.list(ROOT.resolve(set))) {
      return s.filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every non-float tensor graph input (shape, axes, pads, split sizes, indices) bound to its value in
   * test_data_set_0. An input file is matched by its TensorProto name, else by its position among the
   * graph inputs that are not initializers. Inputs bsc cannot represent (strings) stay unbound, so the
   * import reports them.
   */
  static Map<String, Tensor> bindings(Path testDir, ModelProto m) {
    Set<String> initializers = new HashSet<>();
    for (TensorProto t : m.getGraph().getInitializerList()) {
      initializers.add(t.getName());
    }
    List<ValueInfoProto> runtimeInputs = new ArrayList<>();
    for (ValueInfoProto v : m.getGraph().getInputList()) {
      if (!initializers.contains(v.getName())) {
        runtimeInputs.add(v);
      }
    }
    Map<String, Tensor> r = new LinkedHashMap<>();
    Path data = testDir.resolve("test_data_set_0");
    for (int i = 0; i < runtimeInputs.size(); i++) {
      ValueInfoProto v = runtimeInputs.get(i);
      if (!v.getType().hasTensorType()) {
        continue;
      }
      DataType dtype = DataType.fromOnnx(v.getType().getTensorType().getElemType());
      if (dtype == null || dtype.isFloat()) {
        continue;
      }
      Path file = inputFile(data, v.getName(), i);
      if (file == null) {
        continue;
      }
      try {
        r.put(v.getName(), OnnxImporter.readTensor(file));
      } catch (BscException e) {
        // e.g. a string tensor: left unbound, the import then names the unsupported input type
      }
    }
    return r;
  }

  private static Path inputFile(Path data, String name, int position) {
    for (int k = 0; Files.exists(data.resolve("input_" + k + ".pb")); k++) {
      Path f = data.resolve("input_" + k + ".pb");
      if (name.equals(tensorName(f))) {
        return f;
      }
    }
    Path f = data.resolve("input_" + position + ".pb");
    return Files.exists(f) ? f : null;
  }

  private static String tensorName(Path f) {
    try (InputStream in = Files.newInputStream(f)) {
      return TensorProto.parseFrom(in).getName();
    } catch (IOException e) {
      return null; // not a TensorProto (a sequence or optional): matched by position, if at all
    }
  }
}
