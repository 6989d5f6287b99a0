package bsc.ir.onnxio;

import static bsc.ir.TestGraphs.attrs;
import static bsc.ir.TestGraphs.f32;
import static bsc.ir.TestGraphs.ramp;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.onnx.OnnxProto.GraphProto;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.StringStringEntryProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import bsc.ir.onnx.OnnxProto.TensorShapeProto;
import bsc.ir.onnx.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model file can be wrong ends in a BscException naming the file and saying what is wrong. */
class BadModelTest {
  @TempDir Path dir;

  /** x [1,2,4,4] -> Conv(w [2,2,1,1]) -> Relu -> y: the valid model the bad ones are made from. */
  static ModelProto validModel() {
    Graph.Builder b = Graph.builder("tiny").addInput("x", f32(1, 2, 4, 4)).addInitializer("w", ramp(2, 2, 1, 1));
    b.add(OpType.CONV, "conv", attrs(), "x", "w");
    b.add(OpType.RELU, "relu", attrs(), "conv");
    return OnnxExporter.toModel(b.addOutput("relu").build());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  /** Loads {@code file}, expecting a BscException located at the file whose what contains every fragment. */
  private static BscException assertRejected(Path file, String... fragments) {
    BscException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(BscException.class, () -> OnnxImporter.load(file)));
    assertTrue(e.where().startsWith(file.toString()), "where '" + e.where() + "' does not name " + file);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
    return e;
  }

  private BscException assertRejected(String name, ModelProto m, String... fragments) throws IOException {
    return assertRejected(write(name, m.toByteArray()), fragments);
  }

  private static ModelProto withGraph(ModelProto m, GraphProto.Builder g) {
    return m.toBuilder().setGraph(g).build();
  }

  @Test
  void theValidModelLoads() throws IOException {
    Graph g = OnnxImporter.load(write("ok.onnx", validModel().toByteArray()));
    assertTrue(g.type("relu").shape().isKnown());
  }

  @Test
  void aMissingFile() {
    assertRejected(dir.resolve("absent.onnx"), "no such file");
  }

  @Test
  void aDirectory() {
    assertRejected(dir, "is a directory");
  }

  @Test
  void anEmptyFile() throws IOException {
    assertRejected(write("empty.onnx", new byte[0]), "file is empty");
  }

  @Test
  void theFirstHalfOfAModel() throws IOException {
    byte[] full = validModel().toByteArray();
    assertRejected(write("half.onnx", Arrays.copyOf(full, full.length / 2)), "not an ONNX model");
    Path real = OnnxTestData.ROOT.resolve("pytorch-converted/test_Conv3d_groups/model.onnx");
    if (Files.exists(real)) {
      byte[] bytes = Files.readAllBytes(real);
      assertRejected(write("half_real.onnx", Arrays.copyOf(bytes, bytes.length / 2)), "not an ONNX model");
    }
  }

  @Test
  void randomBytes() throws IOException {
    Random rng = new Random(20240611L);
    for (int i = 0; i < 20; i++) {
      byte[] junk = new byte[1 + rng.nextInt(4096)];
      rng.nextBytes(junk);
      assertRejected(write("junk" + i + ".onnx", junk), "not an ONNX model");
    }
  }

  @Test
  void aSerializedTensorIsNotAModel() throws IOException {
    TensorProto t = TensorProto.newBuilder().setName("t").setDataType(1).addDims(2).addFloatData(1).addFloatData(2).build();
    assertRejected(write("tensor.pb", t.toByteArray()), "not an ONNX model");
  }

  @Test
  void anUnsupportedOp() throws IOException {
    ModelProto m = validModel();
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.setNode(1, g.getNode(1).toBuilder().setOpType("Mish"));
    assertRejected("mish.onnx", withGraph(m, g), "node relu", "unsupported op Mish");
  }

  @Test
  void anExternalDataTensor() throws IOException {
    ModelProto m = validModel();
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.setInitializer(0, g.getInitializer(0).toBuilder().clearRawData()
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")));
    assertRejected("external.onnx", withGraph(m, g), "initializer w", "external-data");
  }

  @Test
  void aCycle() throws IOException {
    ModelProto m = validModel();
    GraphProto.Builder g = m.getGraph().toBuilder();
    // conv reads relu's output, relu reads conv's: conv -> relu -> conv
    g.setNode(0, g.getNode(0).toBuilder().setInput(0, "relu"));
    assertRejected("cycle.onnx", withGraph(m, g), "cycle");
  }

  @Test
  void aMissingNodeInput() throws IOException {
    ModelProto m = validModel();
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.setNode(1, g.getNode(1).toBuilder().setInput(0, "ghost"));
    assertRejected("ghost.onnx", withGraph(m, g), "node relu", "input ghost is not defined");
  }

  @Test
  void negativeDimensions() throws IOException {
    ModelProto m = validModel();
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.setInput(0, withDims(g.getInput(0), -1, 2, 4, 4));
    assertRejected("neg_input.onnx", withGraph(m, g), "graph input x", "negative dimension -1");

    GraphProto.Builder h = m.getGraph().toBuilder();
    h.setInitializer(0, h.getInitializer(0).toBuilder().setDims(0, -2));
    assertRejected("neg_init.onnx", withGraph(m, h), "initializer w", "negative dimension -2");
  }

  @Test
  void absurdDimensionsFailFastWithoutAllocating() throws IOException {
    ModelProto m = validModel();
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.setInput(0, withDims(g.getInput(0), 1_000_000, 1_000_000, 1_000_000, 1));
    assertRejected("huge_input.onnx", withGraph(m, g), "graph input x", "exceeds the limit");

    for (long[] dims : new long[][] {{1_000_000, 1_000_000, 1_000_000}, {Long.MAX_VALUE, 2}, {65536, 65536}}) {
      GraphProto.Builder h = m.getGraph().toBuilder();
      h.addInitializer(TensorProto.newBuilder().setName("huge").setDataType(1)
          .addAllDims(Arrays.stream(dims).boxed().toList()));
      assertRejected("huge_init.onnx", withGraph(m, h), "initializer huge", "exceeds the limit");
    }
  }

  @Test
  void largeDeclaredTensorsWithoutTheirDataFailWithoutAllocating() throws IOException {
    ModelProto m = validModel();
    // under the element limit, but 4 GB (f32) and 16 GB (i64) if allocated before the data is checked
    for (int dtype : new int[] {1, 7}) {
      GraphProto.Builder h = m.getGraph().toBuilder();
      h.addInitializer(TensorProto.newBuilder().setName("big").setDataType(dtype).addDims(1_000_000_000));
      assertRejected("big_init.onnx", withGraph(m, h), "initializer big", "values");
    }
  }

  @Test
  void aNewerOpset() throws IOException {
    for (long opset : new long[] {19, 1L << 40}) {
      ModelProto m = validModel().toBuilder().setOpsetImport(0,
          validModel().getOpsetImport(0).toBuilder().setVersion(opset)).build();
      assertRejected("opset.onnx", m, "newer than supported");
    }
  }

  @Test
  void aModelWithoutGraphOrOutputs() throws IOException {
    assertRejected("nograph.onnx", validModel().toBuilder().clearGraph().build(), "not an ONNX model");
    assertRejected("nooutputs.onnx", withGraph(validModel(), validModel().getGraph().toBuilder().clearOutput()),
        "no outputs");
  }

  @Test
  void aSubgraphAttribute() throws IOException {
    ModelProto m = validModel();
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.setNode(1, g.getNode(1).toBuilder().addAttribute(bsc.ir.onnx.OnnxProto.AttributeProto.newBuilder()
        .setName("body").setType(bsc.ir.onnx.OnnxProto.AttributeProto.AttributeType.GRAPH).setG(GraphProto.newBuilder())));
    assertRejected("subgraph.onnx", withGraph(m, g), "node relu", "not supported");
  }

  @Test
  void readTensorRejectsAModelAndAMissingFile() throws IOException {
    Path model = write("model.onnx", validModel().toByteArray());
    BscException e = assertThrows(BscException.class, () -> OnnxImporter.readTensor(model));
    assertTrue(e.where().startsWith(model.toString()), e.getMessage());
    assertThrows(BscException.class, () -> OnnxImporter.readTensor(dir.resolve("absent.pb")));
  }

  private static ValueInfoProto withDims(ValueInfoProto v, long... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (long d : dims) {
      s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    ValueInfoProto.Builder b = v.toBuilder();
    b.getTypeBuilder().getTensorTypeBuilder().setShape(s);
    return b.build();
  }
}
