package bsc.aie2.lower;

/** An activation tensor's extent: height x width x channels (HWC, batch 1), INT8. */
record Dims(int h, int w, int c) {
  long bytes() {
    return (long) h * w * c;
  }

  @Override
  public String toString() {
    return h + "x" + w + "x" + c;
  }
}
