package bsc.aie2.program;

/** The paper's instruction set (paper-facts.md 4.5). */
public enum InstructionKind {
  /** Activations DDR to memtile. */
  LOAD,
  /** Weights DDR to memtile. */
  LOADW,
  /** Activations (or partial sums) memtile to cores, broadcast per column. */
  LOADFM,
  /** Weights memtile to cores, broadcast per row. */
  LOADWM,
  /** Kernel calls on the cores. */
  COMP,
  /** Outputs (or partial sums) cores to memtile. */
  WRITEFM,
  /** Activations memtile to DDR. */
  WRITE
}
