package bsc.aie2.program;

/**
 * Iteration group of an instruction: ONCE (set-up, e.g. a weight load), HEAD (first output rows, top
 * padding), BODY (the uniform middle, the same pattern shifted each iteration), TAIL (last rows, bottom
 * padding or a short remainder).
 */
public enum Group {
  ONCE,
  HEAD,
  BODY,
  TAIL
}
