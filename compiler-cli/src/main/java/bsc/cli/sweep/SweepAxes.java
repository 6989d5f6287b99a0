package bsc.cli.sweep;

import bsc.aie2.TargetLoader;
import bsc.ir.BscException;
import bsc.sparsify.BlockShape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the value lists of {@code bsc sweep}: each option is a comma-separated list whose items are single
 * values or ranges. Sparsity ranges {@code FROM:TO:STEP} are stepped in exact decimal arithmetic, so
 * {@code 0:0.9:0.1} gives 0.3, never 0.30000000000000004; array ranges {@code 2x2..8x8} run over the square
 * arrays in between. Every list is deduplicated and sorted in the canonical order of {@link Combination}.
 */
public final class SweepAxes {
  /** More values than this on one axis is a typing mistake (a step of 0.0001), refused before any work. */
  static final int MAX_VALUES = 1000;
  private static final Pattern OVERLAY = Pattern.compile("(\\d{1,2})x(\\d{1,2})");
  /** {@code RxR..RxR}; anything else with two dots is a file path such as {@code ../my-array.json}. */
  private static final Pattern ARRAY_RANGE = Pattern.compile("(\\d{1,2})x(\\d{1,2})\\.\\.(\\d{1,2})x(\\d{1,2})");
  private static final Pattern DECIMAL = Pattern.compile("\\d+(\\.\\d+)?|\\.\\d+");

  private SweepAxes() {}

  /** {@code 0,0.25,0.5} or {@code 0:0.9:0.1} or a mix; every value in [0, 1). */
  public static List<BigDecimal> sparsities(String text) {
    TreeSet<BigDecimal> values = new TreeSet<>();
    for (String item : items("--sparsity", text)) {
      String[] parts = item.split(":", -1);
      if (parts.length == 1) {
        values.add(fraction(item, item));
      } else if (parts.length == 3) {
        range(item, parts, values);
      } else {
        throw new BscException("--sparsity", "'" + item + "' is neither a value nor a range FROM:TO:STEP");
      }
      checkCount("--sparsity", values.size());
    }
    return List.copyOf(values);
  }

  /** {@code 2x2,4x4}, a range {@code 2x2..8x8} of square arrays, preset names or target JSON files. */
  public static List<String> arrays(String text) {
    TreeSet<String> values = new TreeSet<>(Combination::compareArrays);
    for (String item : items("--array", text)) {
      Matcher r = ARRAY_RANGE.matcher(item);
      if (r.matches()) {
        int from = square(item, r.group(1), r.group(2));
        int to = square(item, r.group(3), r.group(4));
        if (from > to) {
          throw new BscException("--array", "range '" + item + "' runs backwards");
        }
        for (int n = from; n <= to; n++) {
          values.add(n + "x" + n);
        }
      } else {
        values.add(array(item));
      }
      checkCount("--array", values.size());
    }
    return List.copyOf(values);
  }

  /** {@code 8,4x8}: block shapes as {@code bsc prune --block} takes them. */
  public static List<BlockShape> blocks(String text) {
    TreeSet<BlockShape> values = new TreeSet<>(Combination.BLOCK_ORDER);
    for (String item : items("--block", text)) {
      values.add(BlockShape.parse(item));
      checkCount("--block", values.size());
    }
    return List.copyOf(values);
  }

  /** {@code detailed}, {@code paper} or both. */
  public static List<String> timings(String text) {
    TreeSet<String> values = new TreeSet<>();
    for (String item : items("--timing", text)) {
      if (!item.equals("detailed") && !item.equals("paper")) {
        throw new BscException("--timing", "'" + item + "' is not a timing model (detailed, paper)");
      }
      values.add(item);
    }
    return List.copyOf(values);
  }

  /** An array as the row names it: {@code RxC} without leading zeros, a preset, or a file path as given. */
  static String array(String item) {
    Matcher m = OVERLAY.matcher(item);
    if (m.matches()) {
      return Integer.parseInt(m.group(1)) + "x" + Integer.parseInt(m.group(2));
    }
    return item;
  }

  /** The canonical text of a sparsity: no trailing zeros, no exponent ({@code 0.50} -> {@code 0.5}). */
  static String text(BigDecimal sparsity) {
    BigDecimal s = sparsity.stripTrailingZeros();
    return s.signum() == 0 ? "0" : s.toPlainString();
  }

  private static void range(String item, String[] parts, TreeSet<BigDecimal> values) {
    BigDecimal from = fraction(item, parts[0]);
    BigDecimal to = fraction(item, parts[1]);
    BigDecimal step = decimal(item, parts[2]);
    if (step.signum() <= 0) {
      throw new BscException("--sparsity", "range '" + item + "': the step must be positive");
    }
    if (from.compareTo(to) > 0) {
      throw new BscException("--sparsity", "range '" + item + "' runs backwards");
    }
    BigDecimal count = to.subtract(from).divide(step, 0, java.math.RoundingMode.FLOOR);
    checkCount("--sparsity", count.intValue() + 1 + values.size());
    for (BigDecimal v = from; v.compareTo(to) <= 0; v = v.add(step)) {
      values.add(v.stripTrailingZeros());
    }
  }

  private static BigDecimal fraction(String item, String text) {
    BigDecimal v = decimal(item, text);
    if (v.compareTo(BigDecimal.ONE) >= 0) {
      throw new BscException("--sparsity", "'" + item + "': a fraction of zero blocks must be in [0, 1)");
    }
    return v.stripTrailingZeros();
  }

  private static BigDecimal decimal(String item, String text) {
    String t = text.trim();
    if (!DECIMAL.matcher(t).matches() || t.length() > 12) {
      throw new BscException("--sparsity", "'" + item + "': '" + t + "' is not a decimal number such as 0.25");
    }
    return new BigDecimal(t);
  }

  private static int square(String item, String rows, String columns) {
    int r = Integer.parseInt(rows);
    if (r != Integer.parseInt(columns)) {
      throw new BscException("--array", "range '" + item + "': ranges run over square arrays, e.g. 2x2..8x8");
    }
    TargetLoader.overlay(r, r); // range check, with the loader's own message
    return r;
  }

  private static List<String> items(String option, String text) {
    List<String> items = new ArrayList<>();
    for (String s : text.split(",", -1)) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        throw new BscException(option, "empty item in '" + text + "'");
      }
      items.add(option.equals("--array") ? s.trim() : t);
    }
    return items;
  }

  private static void checkCount(String option, int n) {
    if (n > MAX_VALUES) {
      throw new BscException(option, "more than " + MAX_VALUES + " values");
    }
  }
}
