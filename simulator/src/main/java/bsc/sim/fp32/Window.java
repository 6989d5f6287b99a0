package bsc.sim.fp32;

import bsc.ir.InferenceContext;
import bsc.ir.Node;
import bsc.ir.ops.Shapes;
import java.util.Arrays;
import java.util.List;

/** Geometry of a conv or pool window over the spatial axes: kernel, strides, dilations, resolved pads. */
record Window(long[] kernel, long[] strides, long[] dilations, long[] pads) {
  static Window of(Node node, long[] spatial, long[] kernel) {
    int n = spatial.length;
    long[] strides = ints(node, "strides", n);
    long[] dil = ints(node, "dilations", n);
    InferenceContext ictx = new InferenceContext(node, List.of(), List.of());
    long[] pads = Shapes.pads(ictx, spatial, kernel, strides, dil,
        node.attrs().getString("auto_pad", "NOTSET"), node.attrs().getInts("pads", null));
    return new Window(kernel, strides, dil, pads);
  }

  private static long[] ints(Node node, String name, int n) {
    long[] v = node.attrs().getInts(name, null);
    if (v == null) {
      v = new long[n];
      Arrays.fill(v, 1);
    }
    return v;
  }

  int rank() {
    return kernel.length;
  }

  long padBegin(int i) {
    return pads[i];
  }

  long padEnd(int i) {
    return pads[i + kernel.length];
  }

  boolean symmetric() {
    for (int i = 0; i < rank(); i++) {
      if (padBegin(i) != padEnd(i)) {
        return false;
      }
    }
    return true;
  }

  /** Output extent of spatial axis i for input extent {@code in}. */
  long output(int i, long in, boolean ceil) {
    long effK = (kernel[i] - 1) * dilations[i] + 1;
    long span = in + padBegin(i) + padEnd(i) - effK;
    long out = (ceil ? Math.floorDiv(span + strides[i] - 1, strides[i]) : Math.floorDiv(span, strides[i])) + 1;
    if (ceil && (out - 1) * strides[i] >= in + padBegin(i)) {
      out--;
    }
    return out;
  }
}
