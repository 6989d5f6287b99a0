package bsc.aie2.program;

/** The memory levels: DDR (L3), memory tiles (L2, one per column), core data memory (L1). */
public enum Level {
  DDR,
  MEMTILE,
  CORE
}
