package bsc.aie2.program;

import java.util.List;

/**
 * One instruction, written SIMD-style for all tiles it drives, run {@code iterations} times. Each transfer
 * (or compute) entry runs its iterations in order and independently of the other entries, gated by the
 * locks: before iteration k an entry performs the acquires that apply to k on its own lock instances,
 * after it the releases. A CORE-scoped lock resolves to the cores of the entry (destination cores of a
 * load into cores, the source core of a WRITEFM, the core of a compute); a MEMTILE-scoped lock to the
 * memtile the entry reads or writes; an ARRAY lock is global. Entries wait for all their instances
 * (a broadcast waits for every receiver). {@code after}: ids of earlier instructions of the same layer that
 * must have finished completely (all entries, all iterations) before any entry of this one starts (coarse
 * ordering: DDR loads before the loads that read them, a pass's last reads before the next pass overwrites
 * its staging buffers). Entries that share a DMA channel or a core run in instruction order ({@code id}).
 */
public record Instruction(
    int id,
    InstructionKind kind,
    Group group,
    int iterations,
    List<Transfer> transfers,
    List<Compute> computes,
    List<LockOp> acquire,
    List<LockOp> release,
    List<Integer> after,
    String note) {
  public Instruction {
    transfers = List.copyOf(transfers);
    computes = List.copyOf(computes);
    acquire = List.copyOf(acquire);
    release = List.copyOf(release);
    after = List.copyOf(after);
  }

  /** Bytes moved per iteration over all transfer entries (stream bytes, counted once per broadcast). */
  public long bytesPerIteration() {
    long n = 0;
    for (Transfer t : transfers) {
      n += t.bytes();
    }
    return n;
  }

  /** MACs per iteration of the busiest core. */
  public long maxMacsPerIteration() {
    long m = 0;
    for (Compute c : computes) {
      m = Math.max(m, c.macs());
    }
    return m;
  }
}
