package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.cli.sweep.Combination;
import bsc.cli.sweep.SweepAxes;
import bsc.cli.sweep.SweepGrid;
import bsc.ir.BscException;
import bsc.sparsify.BlockShape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The value lists of {@code bsc sweep}: ranges, lists, canonical order and the shard rule. */
class SweepAxesTest {
  private static List<String> texts(List<BigDecimal> values) {
    return values.stream().map(v -> v.stripTrailingZeros().toPlainString()).map(s -> s.equals("0.0") ? "0" : s)
        .toList();
  }

  @Test
  void sparsityRangeStepsInExactDecimals() {
    // 0.1 * 3 in binary floating point is 0.30000000000000004; the range must give 0.3.
    assertEquals(List.of("0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"),
        texts(SweepAxes.sparsities("0:0.9:0.1")));
    assertEquals(List.of("0.05", "0.3", "0.55", "0.8"), texts(SweepAxes.sparsities("0.05:0.9:0.25")));
  }

  @Test
  void sparsityListsAndRangesMixDedupeAndSort() {
    assertEquals(List.of("0", "0.25", "0.5", "0.75"), texts(SweepAxes.sparsities("0.75,0,0.50,0.25,0.5")));
    assertEquals(List.of("0", "0.2", "0.4", "0.5", "0.6"), texts(SweepAxes.sparsities("0.5,0:0.6:0.2")));
  }

  @Test
  void badSparsitiesAreRefusedWithTheOptionNamed() {
    for (String bad : List.of("0:1:0.5", "0.9:0.1:0.1", "0:0.9:0", "0:0.9", "1", "-0.1", "abc", "0,,0.5",
        "1e-1", "0:0.9:0.0000001")) {
      BscException e = assertThrows(BscException.class, () -> SweepAxes.sparsities(bad), bad);
      assertEquals("--sparsity", e.where(), bad);
    }
  }

  @Test
  void arrayRangesRunOverSquareArraysInNumericOrder() {
    assertEquals(List.of("2x2", "3x3", "4x4", "5x5", "6x6", "7x7", "8x8"), SweepAxes.arrays("2x2..8x8"));
    assertEquals(List.of("2x2", "4x4", "8x8", "phoenix"), SweepAxes.arrays("phoenix,8x8,2x2,04x4,4x4"));
    for (String bad : List.of("2x2..8x4", "8x8..2x2", "2x2..9x9", "")) {
      assertThrows(BscException.class, () -> SweepAxes.arrays(bad), bad);
    }
  }

  @Test
  void blocksAndTimingModels() {
    assertEquals(List.of(new BlockShape(4, 8), new BlockShape(8, 8)), SweepAxes.blocks("8,4x8,8x8"));
    assertEquals(List.of("detailed", "paper"), SweepAxes.timings("paper,detailed"));
    assertThrows(BscException.class, () -> SweepAxes.timings("fast"));
  }

  @Test
  void gridIsInCanonicalOrderWhateverTheCommandLineOrder() {
    List<Combination> a = SweepGrid.all(List.of("vgg16", "resnet18"), SweepAxes.blocks("8"),
        SweepAxes.sparsities("0.5,0"), SweepAxes.arrays("8x8,2x2"), SweepAxes.timings("detailed"));
    assertEquals("resnet18 8x8 blocks at 0 on 2x2 (detailed)", a.get(0).toString());
    assertEquals("resnet18 8x8 blocks at 0 on 8x8 (detailed)", a.get(1).toString());
    assertEquals("vgg16 8x8 blocks at 0.5 on 8x8 (detailed)", a.get(a.size() - 1).toString());
  }

  @Test
  void shardsPartitionTheGridByGroupWhenThereAreEnoughGroups() {
    List<Combination> all = SweepGrid.all(List.of("resnet18", "tiny_cnn"), SweepAxes.blocks("8"),
        SweepAxes.sparsities("0:0.5:0.25"), SweepAxes.arrays("2x2..4x4"), SweepAxes.timings("detailed"));
    assertEquals(18, all.size());
    List<Combination> union = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      List<Combination> shard = SweepGrid.slice(all, SweepGrid.Shard.parse(i + "/4"));
      Set<Combination.Group> groups = new HashSet<>();
      shard.forEach(c -> groups.add(c.group()));
      // 6 groups over 4 shards: each group (3 arrays) wholly in one shard, the first two shards get two groups.
      assertEquals(i <= 2 ? 2 : 1, groups.size(), "shard " + i);
      assertEquals(3 * groups.size(), shard.size(), "shard " + i);
      union.addAll(shard);
    }
    union.sort(null);
    assertEquals(all, union);
  }

  @Test
  void shardsFallBackToRowsWhenThereAreFewerGroupsThanShards() {
    List<Combination> all = SweepGrid.all(List.of("tiny_cnn"), SweepAxes.blocks("8"), SweepAxes.sparsities("0.5"),
        SweepAxes.arrays("2x2..8x8"), SweepAxes.timings("detailed"));
    List<Combination> third = SweepGrid.slice(all, SweepGrid.Shard.parse("3/3"));
    assertEquals(List.of(all.get(2), all.get(5)), third);
  }

  @Test
  void badShardsAreRefused() {
    for (String bad : List.of("0/3", "4/3", "1/0", "1-3", "a/b")) {
      BscException e = assertThrows(BscException.class, () -> SweepGrid.Shard.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--shard"), bad);
    }
  }
}
