package bsc.ir.onnxio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every model of the ONNX backend test data either imports with inferred output types equal to the
 * declared ones, or is rejected with a BscException that names an unsupported construct. Node tests of
 * ops bsc supports must import, except the variants listed in {@link #OUT_OF_SCOPE} with a reason.
 */
class OnnxTestDataShapeTest {
  /** A rejection that names an unsupported construct rather than a failure of bsc's own inference. */
  private static final Pattern UNSUPPORTED =
      Pattern.compile("^unsupported |\\bnot supported\\b|\\bonly .* (are|is) supported\\b");

  /** Node tests of supported ops whose variant is out of bsc's scope, with the reason. */
  static final Map<String, String> OUT_OF_SCOPE = new TreeMap<>(Map.of(
      "test_batchnorm_epsilon_training_mode", "training-mode BatchNormalization: bsc compiles inference graphs",
      "test_batchnorm_example_training_mode", "training-mode BatchNormalization: bsc compiles inference graphs",
      "test_cast_FLOAT_to_STRING", "string tensors",
      "test_cast_STRING_to_FLOAT", "string tensors",
      "test_castlike_FLOAT_to_STRING_expanded", "string tensors",
      "test_castlike_STRING_to_FLOAT_expanded", "string tensors",
      "test_identity_opt", "optional types",
      "test_identity_sequence", "sequence types"));

  private static final Map<String, Tally> TALLIES = new TreeMap<>();

  @TestFactory
  Stream<DynamicNode> everyModelLoadsWithDeclaredTypesOrIsCleanlyUnsupported() {
    Assumptions.assumeTrue(OnnxTestData.present(),
        "libonnx-testdata is not installed (" + OnnxTestData.ROOT + "); apt-get install libonnx-testdata");
    return OnnxTestData.SETS.stream().map(set -> DynamicContainer.dynamicContainer(set,
        OnnxTestData.tests(set).stream().map(dir -> DynamicTest.dynamicTest(
            dir.getFileName().toString(), dir.toUri(), () -> check(set, dir)))));
  }

  @AfterAll
  static void printSummary() {
    synchronized (TALLIES) {
      for (Map.Entry<String, Tally> e : TALLIES.entrySet()) {
        System.out.println("libonnx-testdata " + e.getKey() + ": " + e.getValue());
      }
    }
  }

  private static void check(String set, Path dir) {
    Path file = dir.resolve("model.onnx");
    ModelProto m = OnnxImporter.readModel(file);
    Graph g;
    try {
      g = OnnxImporter.load(file, OnnxTestData.bindings(dir, m));
    } catch (BscException e) {
      if (!UNSUPPORTED.matcher(e.what()).find()) {
        fail("rejected without naming an unsupported construct: " + e.getMessage(), e);
      }
      String test = dir.getFileName().toString();
      if (set.equals("node") && onlySupportedOps(m) && !OUT_OF_SCOPE.containsKey(test)) {
        fail("a node test of supported ops does not load: " + e.getMessage(), e);
      }
      tally(set).unsupported(reason(e.what()));
      if (Boolean.getBoolean("bsc.testdata.verbose")) {
        System.out.println("UNSUPPORTED " + set + "/" + test + ": " + e.what());
      }
      return;
    }
    int checked = 0;
    for (Map.Entry<String, TensorType> d : OnnxImporter.declaredTypes(m).entrySet()) {
      TensorType inferred = g.type(d.getKey());
      if (inferred != null) {
        assertAgrees(d.getKey(), d.getValue(), inferred);
        checked++;
      }
    }
    tally(set).loaded(checked);
  }

  /** dtype and rank equal, and every dimension the model declares equal to the inferred one. */
  private static void assertAgrees(String value, TensorType declared, TensorType inferred) {
    String msg = "value " + value + ": declared " + declared + ", inferred " + inferred;
    assertEquals(declared.dtype(), inferred.dtype(), msg);
    assertEquals(declared.rank(), inferred.rank(), msg);
    for (int i = 0; i < declared.rank(); i++) {
      if (declared.shape().dim(i) != Shape.UNKNOWN) {
        assertEquals(declared.shape().dim(i), inferred.shape().dim(i), msg);
      }
    }
  }

  private static boolean onlySupportedOps(ModelProto m) {
    for (NodeProto n : m.getGraph().getNodeList()) {
      boolean defaultDomain = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx");
      if (!defaultDomain || (OpType.fromOnnx(n.getOpType()) == null && !n.getOpType().equals("Constant"))) {
        return false;
      }
    }
    return true;
  }

  /** The op for op rejections, else the kind of construct. */
  static String reason(String what) {
    if (what.startsWith("unsupported op ")) {
      return what.substring("unsupported op ".length()).split(" ")[0];
    } else if (what.contains("only tensor types")) {
      return "sequence/map/optional types";
    } else if (what.matches(".*(element|cast target) type 8\\b.*")) {
      return "string tensors";
    } else if (what.contains("attributes of type")) {
      return "subgraph attributes";
    }
    return what;
  }

  private static Tally tally(String set) {
    synchronized (TALLIES) {
      return TALLIES.computeIfAbsent(set, k -> new Tally());
    }
  }

  private static final class Tally {
    int loads;
    int typesChecked;
    int unsupported;
    final Map<String, Integer> reasons = new TreeMap<>();

    synchronized void loaded(int declaredTypesChecked) {
      loads++;
      typesChecked += declaredTypesChecked;
    }

    synchronized void unsupported(String reason) {
      unsupported++;
      reasons.merge(reason, 1, Integer::sum);
    }

    @Override
    public synchronized String toString() {
      List<Map.Entry<String, Integer>> top = new ArrayList<>(reasons.entrySet());
      top.sort((a, b) -> b.getValue() - a.getValue());
      StringBuilder s = new StringBuilder(loads + " load (" + typesChecked
          + " declared types equal the inferred ones), " + unsupported + " cleanly unsupported; most common:");
      for (int i = 0; i < Math.min(8, top.size()); i++) {
        s.append(i == 0 ? " " : ", ").append(top.get(i).getKey()).append(" (").append(top.get(i).getValue()).append(')');
      }
      return s.toString();
    }
  }
}
