package bsc.sparsify;

import bsc.ir.BscException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A per-layer plan: layer-name globs ({@code *} any run of characters, {@code ?} one) mapped to a zero-block
 * ratio or {@code "dense"}. Entries apply in file order and the last matching entry wins, so a file can
 * say {@code "*": 0.5} then {@code "layer4.*": 0.75}. A plan file is JSON:
 * <pre>{"layers": {"*": 0.5, "layer4.*": 0.75, "conv1": "dense"}}</pre>
 */
public final class SparsityPlan {
  /** One entry; {@code ratio} null means keep dense. */
  public record Entry(String glob, Double ratio, Pattern pattern) {}

  private final List<Entry> entries;
  private final String source;

  public SparsityPlan(List<Entry> entries, String source) {
    this.entries = List.copyOf(entries);
    this.source = source;
  }

  public static SparsityPlan load(Path file) {
    String where = file.toString();
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new BscException(where, "cannot read plan: " + e.getMessage().lines().findFirst().orElse(""));
    }
    JsonNode layers = root == null ? null : root.get("layers");
    if (layers == null || !layers.isObject()) {
      throw new BscException(where, "a plan is a JSON object with a \"layers\" object of glob -> ratio or \"dense\"");
    }
    List<Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = layers.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      Double ratio;
      if (v.isTextual() && v.asText().equals("dense")) {
        ratio = null;
      } else if (v.isNumber() && v.asDouble() >= 0 && v.asDouble() < 1) {
        ratio = v.asDouble();
      } else {
        throw new BscException(where, "layer glob '" + e.getKey() + "': expected a ratio in [0, 1) or \"dense\", got " + v);
      }
      entries.add(new Entry(e.getKey(), ratio, globToRegex(e.getKey())));
    }
    return new SparsityPlan(entries, where);
  }

  static Pattern globToRegex(String glob) {
    StringBuilder b = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> b.append(".*");
        case '?' -> b.append('.');
        default -> b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(b.toString());
  }

  /** The entry deciding {@code layer}, or null when no glob matches it. */
  public Entry match(String layer) {
    Entry found = null;
    for (Entry e : entries) {
      if (e.pattern().matcher(layer).matches()) {
        found = e;
      }
    }
    return found;
  }

  /** Fails when some glob matches none of {@code layers} (a typo would otherwise prune silently). */
  public void checkAllMatch(Collection<String> layers) {
    for (Entry e : entries) {
      boolean any = false;
      for (String l : layers) {
        any |= e.pattern().matcher(l).matches();
      }
      if (!any) {
        throw new BscException(source, "layer glob '" + e.glob() + "' names no prunable layer");
      }
    }
  }
}
