package bsc.sparsify.train;

import bsc.ir.Node;

/**
 * Kernel, strides, dilations and padding of a 2-D conv or pool node, resolved from its ONNX attributes
 * (explicit pads or auto_pad). libnd4j pads symmetrically, so training supports symmetric padding only.
 */
record Window2d(long[] kernel, long[] strides, long[] dilations, long[] pads) {
  static Window2d of(Node n, long[] kernel, long inH, long inW, LoweringContext ctx) {
    long[] strides = n.attrs().getInts("strides", new long[] {1, 1});
    long[] dil = n.attrs().getInts("dilations", new long[] {1, 1});
    long[] in = {inH, inW};
    long[] pads = new long[4];
    String autoPad = n.attrs().getString("auto_pad", "NOTSET");
    switch (autoPad) {
      case "NOTSET" -> {
        long[] p = n.attrs().getInts("pads", null);
        if (p != null) {
          System.arraycopy(p, 0, pads, 0, 4);
        }
      }
      case "VALID" -> { }
      default -> { // SAME_UPPER / SAME_LOWER: total padding so that out = ceil(in / stride)
        for (int i = 0; i < 2; i++) {
          long out = (in[i] + strides[i] - 1) / strides[i];
          long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dil[i] + 1 - in[i]);
          pads[i] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
          pads[i + 2] = total - pads[i];
        }
      }
    }
    if (pads[0] != pads[2] || pads[1] != pads[3]) {
      throw ctx.fail("asymmetric padding " + java.util.Arrays.toString(pads) + " is not supported for training");
    }
    return new Window2d(kernel, strides, dil, new long[] {pads[0], pads[1]});
  }
}
