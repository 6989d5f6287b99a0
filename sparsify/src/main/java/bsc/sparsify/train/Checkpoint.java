package bsc.sparsify.train;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import bsc.ir.onnxio.OnnxExporter;
import bsc.ir.onnxio.OnnxImporter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Everything a run needs to continue after epoch {@code epochsDone} exactly as if it had not stopped: the
 * weights and BN statistics (as an ONNX model), the optimizer's velocities, the masks, the step count and
 * the history so far. Shuffling is seeded per epoch, so no random state is kept. {@code run} fingerprints
 * the model structure, data and settings; resuming under different ones is refused.
 *
 * <p>On disk a checkpoint is a ZIP: {@code checkpoint.json}, {@code model.onnx}, and one little-endian
 * float32 entry per velocity ({@code velocity/N}) and mask ({@code mask/N}), named in the JSON.
 */
public record Checkpoint(int epochsDone, long step, String run, Graph weights, Map<String, float[]> velocity,
    Map<String, float[]> masks, List<EpochStats> history) {
  static final String FORMAT = "bsc-train-checkpoint/1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_ENTRY_BYTES = Integer.MAX_VALUE - 8;

  public void writeTo(OutputStream out) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("epochs_done", epochsDone);
    root.put("step", step);
    root.put("run", run);
    putArrays(zip, root.putArray("velocity"), "velocity/", velocity);
    putArrays(zip, root.putArray("masks"), "mask/", masks);
    ArrayNode h = root.putArray("history");
    for (EpochStats e : history) {
      h.add(JSON.valueToTree(e));
    }
    zip.putNextEntry(new ZipEntry("model.onnx"));
    zip.write(OnnxExporter.toBytes(weights));
    zip.closeEntry();
    zip.putNextEntry(new ZipEntry("checkpoint.json"));
    zip.write(JSON.writeValueAsBytes(root));
    zip.closeEntry();
    zip.finish();
  }

  private static void putArrays(ZipOutputStream zip, ArrayNode names, String prefix, Map<String, float[]> arrays)
      throws IOException {
    int i = 0;
    for (Map.Entry<String, float[]> e : arrays.entrySet()) {
      names.add(e.getKey());
      zip.putNextEntry(new ZipEntry(prefix + i++));
      ByteBuffer b = ByteBuffer.allocate(e.getValue().length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(e.getValue());
      zip.write(b.array());
      zip.closeEntry();
    }
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Reads a checkpoint; {@code where} names the file in errors. */
  public static Checkpoint read(InputStream in, String where) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), readEntry(zip, where));
      }
    } catch (IOException e) {
      throw new BscException(where, "not a bsc training checkpoint: " + e.getMessage());
    }
    byte[] json = entries.get("checkpoint.json");
    byte[] model = entries.get("model.onnx");
    if (json == null || model == null) {
      throw new BscException(where, "not a bsc training checkpoint (no checkpoint.json or model.onnx)");
    }
    try {
      JsonNode root = JSON.readTree(json);
      if (!FORMAT.equals(root.path("format").asText())) {
        throw new BscException(where, "unknown checkpoint format '" + root.path("format").asText() + "'");
      }
      List<EpochStats> history = new ArrayList<>();
      for (JsonNode h : root.path("history")) {
        history.add(JSON.treeToValue(h, EpochStats.class));
      }
      Graph g = OnnxImporter.parse(ByteBuffer.wrap(model), where + ":model.onnx");
      return new Checkpoint(root.path("epochs_done").asInt(), root.path("step").asLong(),
          root.path("run").asText(), g, arrays(root.path("velocity"), "velocity/", entries, where),
          arrays(root.path("masks"), "mask/", entries, where), history);
    } catch (IOException e) {
      throw new BscException(where, "corrupt checkpoint: " + e.getMessage());
    }
  }

  private static byte[] readEntry(ZipInputStream zip, String where) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = zip.read(buf)) > 0; ) {
      out.write(buf, 0, n);
      if (out.size() > MAX_ENTRY_BYTES) {
        throw new BscException(where, "checkpoint entry too large");
      }
    }
    return out.toByteArray();
  }

  private static Map<String, float[]> arrays(JsonNode names, String prefix, Map<String, byte[]> entries, String where) {
    Map<String, float[]> r = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode n : names) {
      byte[] b = entries.get(prefix + i++);
      if (b == null || b.length % 4 != 0) {
        throw new BscException(where, "checkpoint entry " + prefix + (i - 1) + " missing or truncated");
      }
      float[] f = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
      r.put(n.asText(), f);
    }
    return r;
  }

  /** SHA-256 of a model's structure (nodes, attributes, initializer names and shapes) and a settings text. */
  static String fingerprint(Graph g, String settings) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      StringBuilder b = new StringBuilder(settings).append('\n');
      for (Node n : g.nodes()) {
        b.append(n.name()).append(' ').append(n.op()).append(' ').append(n.inputs()).append(n.attrs()).append('\n');
      }
      for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
        b.append(e.getKey()).append(' ').append(e.getValue().shape()).append('\n');
      }
      return HexFormat.of().formatHex(md.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
