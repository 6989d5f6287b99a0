package bsc.aie2.program;

/**
 * A counting semaphore (AIE lock). Scope CORE: one instance in every core; MEMTILE: one in every memtile;
 * ARRAY: a single instance (DDR-side ordering). An instruction entry resolves a scoped lock on the tiles it
 * touches (see {@link Instruction}).
 */
public record LockDef(String id, Scope scope, int init) {
  public enum Scope {
    CORE,
    MEMTILE,
    ARRAY
  }
}
