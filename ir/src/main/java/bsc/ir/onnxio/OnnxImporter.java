package bsc.ir.onnxio;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import bsc.ir.onnx.OnnxProto.GraphProto;
import bsc.ir.onnx.OnnxProto.ModelProto;
import bsc.ir.onnx.OnnxProto.NodeProto;
import bsc.ir.onnx.OnnxProto.OperatorSetIdProto;
import bsc.ir.onnx.OnnxProto.TensorProto;
import bsc.ir.onnx.OnnxProto.TensorShapeProto;
import bsc.ir.onnx.OnnxProto.TypeProto;
import bsc.ir.onnx.OnnxProto.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model into the IR. The file is memory-mapped and parsed with aliasing, so initializer
 * bytes stay in the mapping and are not copied onto the heap. Every way a file can be wrong ends in a
 * {@link BscException} naming the file (and node), never in another exception.
 */
public final class OnnxImporter {
  /**
   * Oldest and newest default-domain opsets bsc reads. Opsets before 7 are read too: the forms that
   * changed since (legacy broadcast attributes, Reshape's shape attribute, Pad's paddings) are converted.
   */
  public static final int MIN_OPSET = 1;
  public static final int MAX_OPSET = 18;
  /** Hostile-input limits: protobuf's own 2 GiB message limit, node count, nesting depth. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;
  public static final int MAX_NODES = 100_000;
  private static final int MAX_RECURSION = 64;

  private OnnxImporter() {}

  /** Loads and types the model at {@code path}. */
  public static Graph load(Path path) {
    return load(path, Map.of());
  }

  /**
   * Loads the model at {@code path} with some graph inputs bound to constants (they become
   * initializers), e.g. the shape input of a Reshape that a test data set supplies at run time.
   */
  public static Graph load(Path path, Map<String, bsc.ir.Tensor> bindings) {
    String where = path.toString();
    try {
      return fromModel(readModel(path), where, bindings);
    } catch (BscException e) {
      throw e.where().startsWith(where) ? e : e.within(where);
    }
  }

  /**
   * Parses ONNX bytes; {@code where} names the source in errors. Initializers alias {@code bytes}, which
   * must not be modified afterwards.
   */
  public static Graph parse(ByteBuffer bytes, String where) {
    try {
      return fromModel(parseModel(bytes, where), where);
    } catch (BscException e) {
      throw e.where().startsWith(where) ? e : e.within(where);
    }
  }

  /** The raw ModelProto at {@code path}, checked only for being a readable, well-formed protobuf. */
  public static ModelProto readModel(Path path) {
    String where = path.toString();
    if (Files.isDirectory(path)) {
      throw new BscException(where, "is a directory, not an ONNX file");
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        throw new BscException(where, "file is empty");
      }
      if (size > MAX_FILE_BYTES) {
        throw new BscException(where, "file of " + size + " bytes exceeds the 2 GiB protobuf limit");
      }
      return parseModel(ch.map(FileChannel.MapMode.READ_ONLY, 0, size), where);
    } catch (NoSuchFileException e) {
      throw new BscException(where, "no such file");
    } catch (IOException e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Reads one serialized TensorProto (an ONNX test data set's {@code input_0.pb}, say) as a tensor;
   * raw_data stays in the file mapping.
   */
  public static bsc.ir.Tensor readTensor(Path path) {
    String where = path.toString();
    if (Files.isDirectory(path)) {
      throw new BscException(where, "is a directory, not a tensor file");
    }
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size > MAX_FILE_BYTES) {
        throw new BscException(where, "file of " + size + " bytes exceeds the 2 GiB protobuf limit");
      }
      CodedInputStream in = aliasingInput(ch.map(FileChannel.MapMode.READ_ONLY, 0, size));
      in.setSizeLimit(Integer.MAX_VALUE);
      TensorProto t = TensorProto.parseFrom(in);
      in.checkLastTagWas(0);
      return TensorCodec.decode(t, where);
    } catch (NoSuchFileException e) {
      throw new BscException(where, "no such file");
    } catch (InvalidProtocolBufferException e) {
      throw new BscException(where, "not a TensorProto (malformed or truncated protobuf: " + e.getMessage() + ")");
    } catch (IOException e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
  }

  /**
   * A protobuf reader whose bytes fields are views of {@code bytes}. Aliasing needs the reader to know
   * the buffer is immutable, which {@code CodedInputStream.newInstance(ByteBuffer)} does not assume (it
   * copies every bytes field); a ByteString's own reader does.
   */
  private static CodedInputStream aliasingInput(ByteBuffer bytes) {
    CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
    in.enableAliasing(true);
    return in;
  }

  static ModelProto parseModel(ByteBuffer bytes, String where) {
    if (!bytes.hasRemaining()) {
      throw new BscException(where, "file is empty");
    }
    try {
      CodedInputStream in = aliasingInput(bytes);
      in.setRecursionLimit(MAX_RECURSION);
      in.setSizeLimit(Integer.MAX_VALUE);
      ModelProto m = ModelProto.parseFrom(in);
      in.checkLastTagWas(0);
      return m;
    } catch (InvalidProtocolBufferException e) {
      throw new BscException(where, "not an ONNX model (malformed or truncated protobuf: " + e.getMessage() + ")");
    } catch (RuntimeException e) {
      throw new BscException(where, "not an ONNX model (malformed protobuf)");
    } catch (IOException e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
  }

  /** Converts a parsed model; {@code where} names the source in errors. */
  public static Graph fromModel(ModelProto m, String where) {
    return fromModel(m, where, Map.of());
  }

  static Graph fromModel(ModelProto m, String where, Map<String, bsc.ir.Tensor> bindings) {
    if (!m.hasGraph() || m.getIrVersion() <= 0) {
      throw new BscException(where, "not an ONNX model (no graph or ir_version)");
    }
    int opset = defaultOpset(m);
    GraphProto g = m.getGraph();
    if (g.getOutputCount() == 0) {
      throw new BscException(where, "not an ONNX model (graph has no outputs)");
    }
    if (g.getNodeCount() > MAX_NODES) {
      throw new BscException(where, "graph has " + g.getNodeCount() + " nodes, more than the limit of " + MAX_NODES);
    }
    Graph.Builder b = Graph.builder(g.hasName() && !g.getName().isEmpty() ? g.getName() : "graph").opset(opset);
    for (var e : m.getMetadataPropsList()) {
      b.metadata(e.getKey(), e.getValue());
    }
    Set<String> initNames = new HashSet<>();
    for (TensorProto t : g.getInitializerList()) {
      if (!initNames.add(t.getName())) {
        throw new BscException("initializer " + t.getName(), "defined twice");
      }
      b.addInitializer(t.getName(), TensorCodec.decode(t, "initializer " + t.getName()));
    }
    for (ValueInfoProto v : g.getInputList()) {
      if (bindings.containsKey(v.getName())) {
        b.addInitializer(v.getName(), bindings.get(v.getName()));
      } else if (!initNames.contains(v.getName())) {
        b.addInput(v.getName(), valueType(v, "graph input " + v.getName()));
      }
    }
    NodeCanonicalizer canon = new NodeCanonicalizer(b, opset);
    Set<String> nodeNames = new HashSet<>();
    int index = 0;
    for (NodeProto n : g.getNodeList()) {
      String name = n.getName().isEmpty() || nodeNames.contains(n.getName())
          ? uniqueName(n, index, nodeNames) : n.getName();
      nodeNames.add(name);
      canon.add(n, name);
      index++;
    }
    for (ValueInfoProto v : g.getOutputList()) {
      b.addOutput(v.getName());
    }
    return LegacyBroadcast.rewrite(b.build());
  }

  private static String uniqueName(NodeProto n, int index, Set<String> used) {
    String base = (n.getName().isEmpty() ? n.getOpType() : n.getName()) + "_" + index;
    String name = base;
    for (int k = 1; used.contains(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }

  private static int defaultOpset(ModelProto m) {
    int version = -1;
    for (OperatorSetIdProto o : m.getOpsetImportList()) {
      if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
        version = (int) Math.min(Integer.MAX_VALUE, o.getVersion());
      }
    }
    if (version < 0) {
      // A model of only other domains' ops (e.g. ai.onnx.preview.training): name the first such op.
      for (NodeProto n : m.getGraph().getNodeList()) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
          throw new BscException("node " + (n.getName().isEmpty() ? n.getOpType() : n.getName()),
              "unsupported op " + n.getDomain() + "." + n.getOpType());
        }
      }
      throw new BscException("", "model imports no default-domain opset");
    }
    if (version < MIN_OPSET || version > MAX_OPSET) {
      throw new BscException("", "opset " + version + " is " + (version < MIN_OPSET ? "older" : "newer")
          + " than supported (" + MIN_OPSET + " to " + MAX_OPSET + ")");
    }
    return version;
  }

  /** The declared tensor type of a value info; unknown (symbolic) dimensions become {@link Shape#UNKNOWN}. */
  public static TensorType valueType(ValueInfoProto v, String where) {
    TypeProto t = v.getType();
    if (!t.hasTensorType()) {
      throw new BscException(where, "only tensor types are supported (sequence, map and optional types are not)");
    }
    TypeProto.Tensor tt = t.getTensorType();
    DataType dtype = DataType.fromOnnx(tt.getElemType());
    if (dtype == null) {
      throw new BscException(where, "unsupported element type " + tt.getElemType());
    }
    if (!tt.hasShape()) {
      throw new BscException(where, "has no shape (bsc needs the rank of every graph input)");
    }
    TensorShapeProto s = tt.getShape();
    long[] dims = new long[s.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      var d = s.getDim(i);
      if (d.hasDimValue()) {
        if (d.getDimValue() < 0) {
          throw new BscException(where, "negative dimension " + d.getDimValue());
        }
        dims[i] = d.getDimValue();
      } else {
        dims[i] = Shape.UNKNOWN;
      }
    }
    Shape shape = Shape.of(dims);
    long n = shape.elementsOrMinusOne();
    if (shape.isKnown() && (n < 0 || n > Shape.MAX_ELEMENTS)) {
      throw new BscException(where, "shape " + shape + " exceeds the limit of " + Shape.MAX_ELEMENTS + " elements");
    }
    return new TensorType(dtype, shape);
  }

  /** Declared types of the graph outputs and value_info entries, for checking shape inference. */
  public static Map<String, TensorType> declaredTypes(ModelProto m) {
    Map<String, TensorType> r = new LinkedHashMap<>();
    for (ValueInfoProto v : m.getGraph().getOutputList()) {
      if (v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
        r.put(v.getName(), valueType(v, v.getName()));
      }
    }
    for (ValueInfoProto v : m.getGraph().getValueInfoList()) {
      if (v.getType().hasTensorType() && v.getType().getTensorType().hasShape()) {
        r.put(v.getName(), valueType(v, v.getName()));
      }
    }
    return r;
  }
}
