package bsc.aie2;

import bsc.ir.BscException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an {@link Aie2Target}: {@code RxC} (the paper's overlay with R rows and C columns; the paper's
 * presets are 2x2 .. 8x8), a named preset ({@link #PRESETS}), or a JSON file. A file holds a whole target,
 * or {@code "base": "<preset>"} plus the fields it changes. Every problem is a {@link BscException} that
 * names the file and the field.
 */
public final class TargetLoader {
  /** Named presets, each a resource under bsc/aie2/targets/. */
  public static final List<String> PRESETS = List.of("paper", "phoenix", "hawkpoint", "strix", "ve2802");
  /** The paper's square arrays. */
  public static final List<String> PAPER_ARRAYS = List.of("2x2", "3x3", "4x4", "5x5", "6x6", "7x7", "8x8");

  private static final Pattern OVERLAY = Pattern.compile("(\\d{1,2})x(\\d{1,2})");
  private static final int MAX_ROWS = 8;
  private static final int MAX_COLUMNS = 64;
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private TargetLoader() {}

  /** A preset name, an {@code RxC} overlay, or a path to a JSON file. */
  public static Aie2Target load(String spec) {
    String s = spec.trim();
    Matcher m = OVERLAY.matcher(s);
    if (m.matches()) {
      return overlay(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
    if (PRESETS.contains(s)) {
      return bind(presetTree(s), "--array " + s);
    }
    Path p = Path.of(s);
    if (Files.isRegularFile(p)) {
      return fromFile(p);
    }
    throw new BscException("--array", "'" + spec + "' is not RxC (e.g. 4x4), a preset (" + String.join(", ", PRESETS)
        + ") or a JSON file");
  }

  /** The paper's overlay with {@code rows} x {@code columns} compute tiles. */
  public static Aie2Target overlay(int rows, int columns) {
    if (rows < 1 || rows > MAX_ROWS || columns < 1 || columns > MAX_COLUMNS) {
      throw new BscException("--array", "rows must be 1.." + MAX_ROWS + " and columns 1.." + MAX_COLUMNS
          + ", got " + rows + "x" + columns);
    }
    ObjectNode t = presetTree("paper");
    t.put("name", rows + "x" + columns);
    t.put("rows", rows);
    t.put("columns", columns);
    return bind(t, "--array " + rows + "x" + columns);
  }

  public static Aie2Target fromFile(Path file) {
    String where = file.toString();
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new BscException(where, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BscException(where, "cannot read: " + e.getMessage());
    }
    return fromTree(root, where);
  }

  /** A target from JSON text (a whole target or a "base" overlay); {@code where} names it in errors. */
  public static Aie2Target fromJson(String json, String where) {
    try {
      return fromTree(MAPPER.readTree(json), where);
    } catch (JsonProcessingException e) {
      throw new BscException(where, "malformed JSON: " + e.getOriginalMessage());
    }
  }

  private static Aie2Target fromTree(JsonNode root, String where) {
    if (root == null || !root.isObject()) {
      throw new BscException(where, "a target must be a JSON object");
    }
    ObjectNode tree = (ObjectNode) root.deepCopy();
    JsonNode base = tree.remove("base");
    if (base != null) {
      if (!base.isTextual() || !PRESETS.contains(base.asText())) {
        throw new BscException(where, "field base: must be one of " + PRESETS);
      }
      ObjectNode merged = presetTree(base.asText());
      merge(merged, tree);
      tree = merged;
    }
    return bind(tree, where);
  }

  private static void merge(ObjectNode into, ObjectNode from) {
    Iterator<Map.Entry<String, JsonNode>> it = from.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode old = into.get(e.getKey());
      if (old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n && !e.getKey().equals("sources")) {
        merge(o, n);
      } else if (old instanceof ObjectNode o && e.getValue() instanceof ObjectNode n) {
        o.setAll(n);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static ObjectNode presetTree(String name) {
    try (InputStream in = TargetLoader.class.getResourceAsStream("targets/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("missing preset resource " + name);
      }
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable preset " + name, e);
    }
  }

  private static Aie2Target bind(JsonNode tree, String where) {
    Aie2Target t;
    try {
      t = MAPPER.treeToValue(tree, Aie2Target.class);
    } catch (JsonMappingException e) {
      throw new BscException(where, "field " + path(e) + ": " + firstLine(e.getOriginalMessage()));
    } catch (JsonProcessingException e) {
      throw new BscException(where, e.getOriginalMessage());
    }
    TargetValidator.check(t, where);
    return t;
  }

  private static String path(JsonMappingException e) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    String missing = missingProperty(e.getOriginalMessage());
    if (missing != null) {
      b.append(b.length() == 0 ? "" : ".").append(missing);
    }
    return b.length() == 0 ? "(top level)" : b.toString();
  }

  private static String missingProperty(String message) {
    Matcher m = Pattern.compile("Missing required creator property '([^']+)'").matcher(message == null ? "" : message);
    return m.find() ? m.group(1) : null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
