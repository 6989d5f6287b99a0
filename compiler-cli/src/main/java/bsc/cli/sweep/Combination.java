package bsc.cli.sweep;

import bsc.sparsify.BlockShape;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One point of a sweep: a model pruned in {@code block}s to {@code sparsity}, compiled for {@code array} and
 * simulated with the {@code timing} model. The canonical order (model name, block rows then columns, sparsity,
 * array, timing model) depends on the values alone, so a sweep, its shards and their merge all order rows the
 * same way whatever order the command line gave.
 */
public record Combination(String model, BlockShape block, BigDecimal sparsity, String array, String timing)
    implements Comparable<Combination> {
  static final Comparator<BlockShape> BLOCK_ORDER =
      Comparator.comparingInt(BlockShape::rows).thenComparingInt(BlockShape::cols);
  private static final Pattern OVERLAY = Pattern.compile("(\\d{1,9})x(\\d{1,9})");
  private static final Comparator<Combination> ORDER = Comparator.comparing(Combination::model)
      .thenComparing(Combination::block, BLOCK_ORDER)
      .thenComparing(Combination::sparsity)
      .thenComparing(Combination::array, Combination::compareArrays)
      .thenComparing(Combination::timing);

  public Combination {
    sparsity = new BigDecimal(SweepAxes.text(sparsity));
  }

  /** The group that shares one pruned model: model, block and sparsity. */
  public Group group() {
    return new Group(model, block, sparsity);
  }

  /** What resuming and merging match rows by: the five fields as the CSV writes them. */
  public String key() {
    return model + '\u0000' + block + '\u0000' + SweepAxes.text(sparsity) + '\u0000' + array + '\u0000' + timing;
  }

  @Override
  public int compareTo(Combination o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return model + " " + block + " blocks at " + SweepAxes.text(sparsity) + " on " + array + " (" + timing + ")";
  }

  /** RxC overlays first, by rows then columns (2x2 before 10x10); then presets and files by name. */
  static int compareArrays(String a, String b) {
    Matcher ma = OVERLAY.matcher(a);
    Matcher mb = OVERLAY.matcher(b);
    boolean oa = ma.matches();
    boolean ob = mb.matches();
    if (oa && ob) {
      int c = Integer.compare(Integer.parseInt(ma.group(1)), Integer.parseInt(mb.group(1)));
      return c != 0 ? c : Integer.compare(Integer.parseInt(ma.group(2)), Integer.parseInt(mb.group(2)));
    }
    if (oa != ob) {
      return oa ? -1 : 1;
    }
    return a.compareTo(b);
  }

  /** Combinations that share one pruned model. */
  public record Group(String model, BlockShape block, BigDecimal sparsity) {}
}
