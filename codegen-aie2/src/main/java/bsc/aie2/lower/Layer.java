package bsc.aie2.lower;

import java.util.List;

/**
 * One scheduled layer: a graph node (or a node with a fused follower) in HWC terms. {@code in} is the
 * (first) input's extent, {@code out} the output's. {@code fixes}: fix positions the integer kernels need
 * for ops without weights (add: a, b, y; average pools: in, out; copies: from, to), empty when compiling
 * for timing only.
 */
record Layer(int index, String name, String op, LayerKind kind, List<String> inputs, String output, Dims in,
    Dims out, Window window, Activation activation, boolean countIncludePad, ConvWeights weights,
    List<Integer> fixes) {
  Layer {
    inputs = List.copyOf(inputs);
    fixes = List.copyOf(fixes);
  }

  long macs() {
    return switch (kind) {
      case CONV -> (long) out.h() * out.w() * out.c() * in.c() * window.taps();
      case DEPTHWISE -> (long) out.h() * out.w() * out.c() * window.taps();
      default -> 0;
    };
  }
}
