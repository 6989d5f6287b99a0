package bsc.cli.sweep;

import bsc.ir.BscException;
import bsc.sparsify.BlockShape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All combinations of a sweep in canonical order, and the slice one shard runs.
 *
 * <p>Shard rule ({@code --shard I/N}, I from 1 to N): number the (model, block, sparsity) groups 0, 1, ... in
 * canonical order; shard I runs the groups whose number is I-1 modulo N, so each group is pruned by one shard
 * only. When there are fewer groups than shards, the rule applies to the rows instead (row k runs in shard
 * k mod N + 1), so no shard idles while another has several rows. Every shard must be given the same MODELs
 * and value lists; the union of the shards is the whole grid, each combination in exactly one shard.
 */
public final class SweepGrid {
  /** A sweep of more combinations than this is refused before any work (fail fast on a typing mistake). */
  static final int MAX_COMBINATIONS = 100_000;
  private static final Pattern SHARD = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

  private SweepGrid() {}

  /** A shard: {@code index} from 1 to {@code count}. */
  public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public static Shard parse(String text) {
      Matcher m = SHARD.matcher(text.trim());
      if (!m.matches()) {
        throw new BscException("--shard", "expected I/N such as 2/8, got '" + text + "'");
      }
      int i = Integer.parseInt(m.group(1));
      int n = Integer.parseInt(m.group(2));
      if (n < 1 || i < 1 || i > n) {
        throw new BscException("--shard", "I must be between 1 and N, got " + text);
      }
      return new Shard(i, n);
    }
  }

  /** Every combination of the lists, in canonical order. */
  public static List<Combination> all(List<String> models, List<BlockShape> blocks, List<BigDecimal> sparsities,
      List<String> arrays, List<String> timings) {
    long n = (long) models.size() * blocks.size() * sparsities.size() * arrays.size() * timings.size();
    if (n > MAX_COMBINATIONS) {
      throw new BscException("sweep", n + " combinations, more than the limit of " + MAX_COMBINATIONS);
    }
    List<Combination> all = new ArrayList<>((int) n);
    for (String m : models) {
      for (BlockShape b : blocks) {
        for (BigDecimal s : sparsities) {
          for (String a : arrays) {
            for (String t : timings) {
              all.add(new Combination(m, b, s, a, t));
            }
          }
        }
      }
    }
    all.sort(null);
    return List.copyOf(all);
  }

  /** The combinations of {@code all} (canonical order) that {@code shard} runs, in canonical order. */
  public static List<Combination> slice(List<Combination> all, Shard shard) {
    if (shard.count() == 1) {
      return all;
    }
    Map<Combination.Group, Integer> groups = new LinkedHashMap<>();
    for (Combination c : all) {
      groups.putIfAbsent(c.group(), groups.size());
    }
    boolean byGroup = groups.size() >= shard.count();
    List<Combination> mine = new ArrayList<>();
    for (int k = 0; k < all.size(); k++) {
      Combination c = all.get(k);
      int unit = byGroup ? groups.get(c.group()) : k;
      if (unit % shard.count() == shard.index() - 1) {
        mine.add(c);
      }
    }
    return List.copyOf(mine);
  }
}
