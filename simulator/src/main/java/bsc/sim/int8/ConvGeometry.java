package bsc.sim.int8;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.InferenceContext;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.ops.Shapes;
import java.util.List;

/**
 * The shape of one sample's 2-D convolution, or of a fully connected layer seen as a 1x1 conv on a 1x1
 * image: input C x H x W, output M x OH x OW, kernel, strides, dilations, top/left padding and groups.
 */
record ConvGeometry(
    int inChannels, int inHeight, int inWidth, int outChannels, int outHeight, int outWidth,
    int kernelH, int kernelW, int strideH, int strideW, int dilationH, int dilationW, int padTop, int padLeft,
    int groups) {

  static ConvGeometry of(Graph g, Node n) {
    Shape x = g.type(n.input(0)).shape();
    Shape y = g.type(n.output()).shape();
    if (n.op() != OpType.CONV) {
      return new ConvGeometry((int) x.dim(1), 1, 1, (int) y.dim(1), 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1);
    }
    if (x.rank() != 4) {
      throw new BscException("node " + n.name(), "INT8 Conv supports 2-D convolutions only");
    }
    Shape w = g.type(n.input(1)).shape();
    long[] kernel = {w.dim(2), w.dim(3)};
    long[] strides = ints(n, "strides");
    long[] dil = ints(n, "dilations");
    long[] pads = Shapes.pads(new InferenceContext(n, List.of(), List.of()), new long[] {x.dim(2), x.dim(3)},
        kernel, strides, dil, n.attrs().getString("auto_pad", "NOTSET"), n.attrs().getInts("pads", null));
    return new ConvGeometry((int) x.dim(1), (int) x.dim(2), (int) x.dim(3), (int) y.dim(1), (int) y.dim(2),
        (int) y.dim(3), (int) kernel[0], (int) kernel[1], (int) strides[0], (int) strides[1], (int) dil[0],
        (int) dil[1], (int) pads[0], (int) pads[1], (int) n.attrs().getInt("group", 1));
  }

  private static long[] ints(Node n, String name) {
    long[] v = n.attrs().getInts(name, null);
    return v == null ? new long[] {1, 1} : v;
  }

  int taps() {
    return kernelH * kernelW;
  }

  /** Output positions per channel. */
  int pixels() {
    return outHeight * outWidth;
  }

  int inPixels() {
    return inHeight * inWidth;
  }

  int inPerGroup() {
    return inChannels / groups;
  }

  int outPerGroup() {
    return outChannels / groups;
  }

  /** Products per output: input channels of its group times taps. */
  int terms() {
    return inPerGroup() * taps();
  }

  /** Whether the im2col of this conv is the input itself (1x1, stride 1, no padding). */
  boolean pointwise() {
    return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0
        && outHeight == inHeight && outWidth == inWidth;
  }
}
