package bsc.aie2.lower;

/** The DMA channel conventions of docs/PROGRAM.md section 5, checked against the target by the verifier. */
final class ChannelPlan {
  static final int SHIM_MM2S_ACTIVATIONS = 0;
  static final int SHIM_MM2S_WEIGHTS = 1;
  static final int MT_S2MM_ACTIVATIONS = 0;
  static final int MT_S2MM_WEIGHTS = 1;
  static final int MT_S2MM_FROM_CORES = 2;
  static final int MT_S2MM_FROM_CORES_COUNT = 4;
  static final int MT_MM2S_ACTIVATIONS = 0;
  static final int MT_MM2S_WEIGHTS = 1;
  static final int MT_MM2S_REMOTE = 2;
  static final int MT_MM2S_PER_CORE = 3;
  static final int MT_MM2S_TO_DDR = 4;
  static final int CORE_S2MM_INPUT = 0;
  static final int CORE_S2MM_WEIGHTS = 1;
  static final int CORE_MM2S_OUTPUT = 0;

  private ChannelPlan() {}

  static int fromCore(int row) {
    return MT_S2MM_FROM_CORES + row % MT_S2MM_FROM_CORES_COUNT;
  }
}
