package bsc.aie2.lower;

/** A sliding window: kernel, stride, dilation and pads (top, left, bottom, right). */
record Window(int kh, int kw, int sh, int sw, int dh, int dw, int pt, int pl, int pb, int pr) {
  static final Window POINT = new Window(1, 1, 1, 1, 1, 1, 0, 0, 0, 0);

  int effKh() {
    return (kh - 1) * dh + 1;
  }

  int effKw() {
    return (kw - 1) * dw + 1;
  }

  int taps() {
    return kh * kw;
  }

  /** First input row (may be negative: padding) read by output row {@code oy}. */
  int inRow(int oy) {
    return oy * sh - pt;
  }

  int inCol(int ox) {
    return ox * sw - pl;
  }

  /** Input rows spanned by {@code outRows} consecutive output rows. */
  int inRows(int outRows) {
    return (outRows - 1) * sh + effKh();
  }

  int inCols(int outCols) {
    return (outCols - 1) * sw + effKw();
  }

  String shortName() {
    String s = kh + "x" + kw;
    if (sh != 1 || sw != 1) {
      s += "s" + (sh == sw ? String.valueOf(sh) : sh + "_" + sw);
    }
    if (dh != 1 || dw != 1) {
      s += "d" + (dh == dw ? String.valueOf(dh) : dh + "_" + dw);
    }
    return s;
  }
}
