package bsc.sim.fp32;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import bsc.ir.onnx.OnnxProto.ValueInfoProto;
import bsc.ir.onnxio.OnnxImporter;
import bsc.ir.passes.PassManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * One ONNX backend test directory (model.onnx + test_data_set_N/{input,output}_K.pb): loads the model
 * with its non-float inputs bound as constants, runs every data set through the executor and compares
 * with the stored outputs.
 */
final class OnnxTestCase {
  static final double RTOL = 1e-3;
  static final double ATOL = 1e-7;

  final Path dir;
  private boolean canonical;
  final Set<String> opTypes = new TreeSet<>();

  OnnxTestCase(Path dir) {
    this.dir = dir;
    ModelProto m = OnnxImporter.readModel(dir.resolve("model.onnx"));
    m.getGraph().getNodeList().forEach(n -> opTypes.add(n.getOpType()));
  }

  String name() {
    return dir.getFileName().toString();
  }

  static List<OnnxTestCase> all(Path root) throws IOException {
    List<OnnxTestCase> r = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path d : s.sorted().toList()) {
        if (Files.isRegularFile(d.resolve("model.onnx"))) {
          r.add(new OnnxTestCase(d));
        }
      }
    }
    return r;
  }

  /** Outcome of one test case. */
  enum Status { PASS, FAIL, UNSUPPORTED }

  record Result(Status status, String detail) {}

  /** Loads, runs and compares every data set; never throws for a failure, only reports it. */
  Result run() {
    return run(false);
  }

  /**
   * As {@link #run()}, on the graph as imported or, with {@code canonical}, after the canonical pass
   * pipeline (BN folded, activations fused, FC as 1x1 conv): both must reproduce the stored outputs.
   */
  Result run(boolean canonical) {
    this.canonical = canonical;
    List<Path> sets;
    try (Stream<Path> s = Files.list(dir)) {
      sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
    } catch (IOException e) {
      return new Result(Status.FAIL, e.toString());
    }
    for (Path set : sets) {
      Result r = runSet(set);
      if (r.status() != Status.PASS) {
        return r;
      }
    }
    return new Result(Status.PASS, sets.size() + " data sets");
  }

  private Result runSet(Path set) {
    ModelProto m = OnnxImporter.readModel(dir.resolve("model.onnx"));
    Set<String> inits = new HashSet<>();
    for (TensorProto t : m.getGraph().getInitializerList()) {
      inits.add(t.getName());
    }
    List<String> inputNames = new ArrayList<>();
    List<DataType> inputTypes = new ArrayList<>();
    for (ValueInfoProto v : m.getGraph().getInputList()) {
      if (!inits.contains(v.getName())) {
        inputNames.add(v.getName());
        inputTypes.add(DataType.fromOnnx(v.getType().getTensorType().getElemType()));
      }
    }
    Map<String, Tensor> bindings = new LinkedHashMap<>();
    Map<String, Tensor> feeds = new LinkedHashMap<>();
    for (int i = 0; i < inputNames.size(); i++) {
      Path f = set.resolve("input_" + i + ".pb");
      if (!Files.exists(f)) {
        continue; // an optional input left out
      }
      Tensor t;
      try {
        t = asDeclared(OnnxImporter.readTensor(f), inputTypes.get(i));
      } catch (BscException e) {
        return new Result(Status.UNSUPPORTED, e.getMessage());
      }
      (t.dtype().isFloat() ? feeds : bindings).put(inputNames.get(i), t);
    }
    Graph g;
    try {
      g = OnnxImporter.load(dir.resolve("model.onnx"), bindings);
    } catch (BscException e) {
      return new Result(Status.UNSUPPORTED, e.getMessage());
    }
    if (canonical) {
      try {
        g = PassManager.canonical().run(g);
      } catch (RuntimeException e) {
        return new Result(Status.FAIL, "canonicalize: " + e);
      }
    }
    Map<String, Tensor> actual;
    try {
      actual = new Fp32Executor(g).run(feeds);
    } catch (RuntimeException e) {
      return new Result(Status.FAIL, "run: " + e);
    }
    for (int i = 0; i < g.outputs().size(); i++) {
      Path f = set.resolve("output_" + i + ".pb");
      Tensor expected;
      try {
        expected = asDeclared(OnnxImporter.readTensor(f), g.outputs().get(i).type().dtype());
      } catch (BscException e) {
        return new Result(Status.UNSUPPORTED, "expected output: " + e.getMessage());
      }
      String name = g.outputs().get(i).name();
      String diff = compare(expected, actual.get(name));
      if (diff != null) {
        return new Result(Status.FAIL, set.getFileName() + " output " + name + ": " + diff);
      }
    }
    return new Result(Status.PASS, "");
  }

  /**
   * The test data stores bfloat16 tensors as uint16 holding the raw bits (the TensorProto convention
   * of older ONNX releases); read them as the bfloat16 the model declares.
   */
  private static Tensor asDeclared(Tensor t, DataType declared) {
    if (declared == DataType.BFLOAT16 && t.dtype() == DataType.UINT16) {
      return Tensor.wrap(DataType.BFLOAT16, t.shape(), t.bytes());
    }
    return t;
  }

  /** Null when equal within tolerance, else what differs. */
  static String compare(Tensor expected, Tensor actual) {
    if (actual == null) {
      return "missing";
    }
    if (!expected.shape().equals(actual.shape())) {
      return "shape " + actual.shape() + ", expected " + expected.shape();
    }
    if (expected.dtype() != actual.dtype()) {
      return "type " + actual.dtype() + ", expected " + expected.dtype();
    }
    boolean exact = !expected.dtype().isFloat();
    for (long i = 0; i < expected.elements(); i++) {
      if (exact) {
        if (expected.getLong(i) != actual.getLong(i)) {
          return "element " + i + " is " + actual.getLong(i) + ", expected " + expected.getLong(i);
        }
        continue;
      }
      double e = expected.getDouble(i);
      double a = actual.getDouble(i);
      if (Double.isNaN(e) && Double.isNaN(a) || e == a) {
        continue;
      }
      if (!(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e))) {
        return "element " + i + " is " + a + ", expected " + e;
      }
    }
    return null;
  }
}
