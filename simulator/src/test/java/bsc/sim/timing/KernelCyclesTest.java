package bsc.sim.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.TargetLoader;
import bsc.aie2.program.Compute;
import bsc.aie2.program.KernelKind;
import bsc.aie2.program.TileRef;
import org.junit.jupiter.api.Test;

class KernelCyclesTest {
  private static final TimingConstants K = TimingConstants.of(TargetLoader.overlay(4, 4));
  private static final TileRef CORE = TileRef.core(0, 0);
  private static final KernelCycles COMPACTED = new KernelCycles(K, 8, 8, true);
  private static final KernelCycles DENSE = new KernelCycles(K, 8, 8, false);

  @Test
  void aDense64Cube1x1ConvIsComputeBoundWithItsLoopAndWriteBackOverheads() {
    // 64 pixels (8 rows x 8 cols) x 64 in x 64 out: 16 groups of 4 pixels, 8 block rows, 64 blocks.
    // Register block of 4 groups: 4 VMACs per (block) step against 4 x 256 + 512 bits = 3 load cycles,
    // so 64 blocks x 4 steps x 4 cycles = 1024 cycles of VMAC (= 262144 MACs / 256), 8 block rows x 4
    // inner loops x 6 cycles = 192, 8 x 16 accumulators x (bias init 1 + SRS/store 1) = 256, call 10.
    Compute c = ProgramBuilder.conv(CORE, 8, 8, 64, 64, 1, 1, 64);
    assertEquals(1024 + 192 + 256 + 10, COMPACTED.cycles(c));
    assertTrue(COMPACTED.cycles(c) >= c.macs() / K.macsPerCycle());
  }

  @Test
  void halfTheBlocksHalveTheMacCyclesButNotTheOverheads() {
    Compute sparse = ProgramBuilder.conv(CORE, 8, 8, 64, 64, 1, 1, 32);
    assertEquals(512 + 192 + 256 + 10, COMPACTED.cycles(sparse));
    // without compaction the zero blocks are walked: the dense time
    assertEquals(1024 + 192 + 256 + 10, DENSE.cycles(sparse));
  }

  @Test
  void aStride2ConvBecomesLoadBoundOnTheGatheredInputTiles() {
    // stride 2: each A tile spans 8 input pixels (512 bits), so b tiles and one 512-bit weight tile need
    // b + 1 load cycles for b VMACs: the loads, not the multiplier, set the pace
    Compute s2 = ProgramBuilder.conv(CORE, 4, 8, 8, 8, 3, 2, 1);
    Compute s1 = ProgramBuilder.conv(CORE, 4, 8, 8, 8, 3, 1, 1);
    assertTrue(COMPACTED.cycles(s2) > COMPACTED.cycles(s1));
    long macBound = s2.macs() / K.macsPerCycle();
    assertTrue(COMPACTED.cycles(s2) >= macBound);
  }

  @Test
  void partialPixelGroupsWasteMacLanes() {
    // 14 output columns = 4 groups of 4 (16 lanes, 14 used): the same cycles as 16 columns
    Compute c14 = ProgramBuilder.conv(CORE, 2, 14, 8, 64, 3, 1, 8);
    Compute c16 = ProgramBuilder.conv(CORE, 2, 16, 8, 64, 3, 1, 8);
    assertEquals(COMPACTED.cycles(c16), COMPACTED.cycles(c14));
  }

  @Test
  void elementwiseKernelsRunOnThe32LaneVectorPath() {
    Compute add = ProgramBuilder.elementwise(CORE, KernelKind.ADD, 4, 8, 64);
    // 2048 elements / 32 per cycle + one inner loop + the call
    assertEquals(64 + 6 + 10, COMPACTED.cycles(add));
  }
}
