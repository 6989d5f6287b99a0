package bsc.sparsify;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Chooses which blocks of one layer to zero: the lowest-scored ones (ties broken by block index, so the
 * choice is deterministic), subject to two optional constraints. {@code noEmptyLines}: never zero the
 * last kept block of a block row or block column (the authors' Keras code avoids empty lines).
 * {@code balance = K}: the block rows are cut into K consecutive groups (one per core the tiler will use)
 * and every group keeps the same number of blocks.
 */
public final class MaskSelector {
  private final boolean noEmptyLines;
  private final int balance;

  public MaskSelector(boolean noEmptyLines, int balance) {
    if (balance < 0) {
      throw new IllegalArgumentException("balance must be >= 0");
    }
    this.noEmptyLines = noEmptyLines;
    this.balance = balance;
  }

  /** Zeroes about {@code zeroTarget} blocks of a rows x cols grid with the given scores. */
  public BlockMask select(int rows, int cols, double[] scores, int zeroTarget) {
    Integer[] order = new Integer[rows * cols];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> scores[i]).thenComparingInt(i -> i));
    boolean[] keep = new boolean[rows * cols];
    Arrays.fill(keep, true);
    int[] keptInRow = new int[rows];
    int[] keptInCol = new int[cols];
    Arrays.fill(keptInRow, cols);
    Arrays.fill(keptInCol, rows);
    int groups = balance <= 1 ? 1 : Math.min(balance, rows);
    int[] zeroQuota = quotas(rows, cols, groups, zeroTarget);
    for (int idx : order) {
      int br = idx / cols;
      int bc = idx % cols;
      int g = group(br, rows, groups);
      if (zeroQuota[g] == 0) {
        continue;
      }
      if (noEmptyLines && (keptInRow[br] <= 1 || keptInCol[bc] <= 1)) {
        continue;
      }
      keep[idx] = false;
      keptInRow[br]--;
      keptInCol[bc]--;
      zeroQuota[g]--;
    }
    if (groups > 1) {
      equalizeGroups(keep, order, rows, cols, groups);
    }
    return BlockMask.of(rows, cols, keep);
  }

  /**
   * When the no-empty-lines rule stopped some group short of its quota, the groups keep different counts;
   * restore the best-scored zeroed blocks of the other groups until all keep as many as the fullest one.
   * Restoring a block never empties a line, so both constraints hold together.
   */
  private static void equalizeGroups(boolean[] keep, Integer[] order, int rows, int cols, int groups) {
    int[] kept = new int[groups];
    for (int i = 0; i < keep.length; i++) {
      kept[group(i / cols, rows, groups)] += keep[i] ? 1 : 0;
    }
    int target = Arrays.stream(kept).max().orElse(0);
    for (int k = order.length - 1; k >= 0; k--) {
      int idx = order[k];
      int g = group(idx / cols, rows, groups);
      if (!keep[idx] && kept[g] < target) {
        keep[idx] = true;
        kept[g]++;
      }
    }
  }

  /** Group of block row {@code br} when {@code rows} rows are cut into {@code groups} consecutive groups. */
  static int group(int br, int rows, int groups) {
    return (int) ((long) br * groups / rows);
  }

  /** Blocks to zero per group so that every group keeps the same number of blocks. */
  private static int[] quotas(int rows, int cols, int groups, int zeroTarget) {
    if (groups == 1) {
      return new int[] {zeroTarget};
    }
    int[] groupBlocks = new int[groups];
    for (int br = 0; br < rows; br++) {
      groupBlocks[group(br, rows, groups)] += cols;
    }
    int smallest = Arrays.stream(groupBlocks).min().orElse(0);
    int keepTotal = rows * cols - zeroTarget;
    int keepPerGroup = (int) Math.min(smallest, Math.round((double) keepTotal / groups));
    int[] quota = new int[groups];
    for (int g = 0; g < groups; g++) {
      quota[g] = groupBlocks[g] - keepPerGroup;
    }
    return quota;
  }
}
