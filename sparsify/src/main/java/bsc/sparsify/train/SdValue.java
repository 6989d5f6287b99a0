package bsc.sparsify.train;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A lowered IR value: its SameDiff variable and whether a 4-D activation is stored channels-last. The IR
 * is NCHW; the training graph keeps 4-D activations NHWC between convs, pools, BN and element-wise ops
 * because libnd4j's oneDNN convolutions compute in NHWC and convert at every NCHW boundary.
 */
record SdValue(SDVariable var, boolean channelsLast) {
  static SdValue nchw(SDVariable v) {
    return new SdValue(v, false);
  }

  static SdValue nhwc(SDVariable v) {
    return new SdValue(v, true);
  }
}
