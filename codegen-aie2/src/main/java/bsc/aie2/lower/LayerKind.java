package bsc.aie2.lower;

/** What a scheduled layer computes; CONCAT (in place) and ALIAS (Flatten) move no data. */
enum LayerKind {
  CONV,
  DEPTHWISE,
  MAX_POOL,
  AVG_POOL,
  GLOBAL_AVG_POOL,
  ADD,
  COPY,
  CONCAT,
  ALIAS;

  boolean hasWeights() {
    return this == CONV || this == DEPTHWISE;
  }

  boolean movesData() {
    return this != CONCAT && this != ALIAS;
  }

  /** Whether the output keeps the input's channels, one core per channel range (no channel mixing). */
  boolean channelwise() {
    return this == DEPTHWISE || this == MAX_POOL || this == AVG_POOL || this == GLOBAL_AVG_POOL || this == ADD
        || this == COPY;
  }
}
