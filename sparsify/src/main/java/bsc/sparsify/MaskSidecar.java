package bsc.sparsify;

import bsc.ir.BscException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mask file written beside a pruned ONNX model ({@code OUT.mask.json}): block shape, criterion, the
 * SHA-256 of the weights it applies to, and per layer its mask as one '1'/'0' string per block row. The
 * ONNX file stays an ordinary model any runtime executes; the sidecar says which zeros are structure.
 */
public final class MaskSidecar {
  public static final String FORMAT = "bsc-mask/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MaskSidecar() {}

  /** A sidecar entry as read back: the layer and weight names, the grid and the mask rows. */
  public record Entry(String node, String weight, int blockRows, int blockCols, List<String> rows) {}

  /** The parsed file. */
  public record File(String block, String criterion, String weightsSha256, List<Entry> layers) {}

  public static byte[] toJson(MaskSet masks) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("block", masks.block().toString());
    root.put("criterion", masks.criterion().id());
    root.put("weights_sha256", masks.weightsSha256());
    root.put("eligible_ratio", round(masks.eligibleRatio()));
    ArrayNode layers = root.putArray("layers");
    for (LayerMask m : masks.list()) {
      ObjectNode l = layers.addObject();
      l.put("name", m.layer().node());
      l.put("weight", m.layer().weight());
      l.put("block_rows", m.mask().rows());
      l.put("block_cols", m.mask().cols());
      l.put("zero_blocks", m.mask().zeroBlocks());
      l.put("ratio", round(m.mask().ratio()));
      if (m.denseReason() != null) {
        l.put("dense_reason", m.denseReason());
      }
      ArrayNode rows = l.putArray("mask");
      for (int br = 0; br < m.mask().rows(); br++) {
        rows.add(m.mask().rowString(br));
      }
    }
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  public static File read(Path path) {
    String where = path.toString();
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new BscException(where, "cannot read mask file: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !FORMAT.equals(root.path("format").asText())) {
      throw new BscException(where, "not a bsc mask file (format \"" + FORMAT + "\" expected)");
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode l : root.path("layers")) {
      List<String> rows = new ArrayList<>();
      for (JsonNode r : l.path("mask")) {
        rows.add(r.asText());
      }
      Entry e = new Entry(l.path("name").asText(), l.path("weight").asText(), l.path("block_rows").asInt(-1),
          l.path("block_cols").asInt(-1), rows);
      if (e.blockRows() < 0 || e.blockCols() < 0 || rows.size() != e.blockRows()
          || rows.stream().anyMatch(r -> r.length() != e.blockCols() || !r.matches("[01]*"))) {
        throw new BscException(where, "layer " + e.node() + ": malformed mask");
      }
      entries.add(e);
    }
    return new File(root.path("block").asText(), root.path("criterion").asText(),
        root.path("weights_sha256").asText(), entries);
  }
}
