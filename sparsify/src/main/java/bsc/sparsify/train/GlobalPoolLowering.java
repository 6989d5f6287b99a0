package bsc.sparsify.train;

import bsc.ir.Node;
import org.nd4j.autodiff.samediff.SDVariable;

/** GlobalAveragePool and GlobalMaxPool: a reduction over H and W, kept as N x 1 x 1 x C channels-last. */
final class GlobalPoolLowering implements OpLowering {
  private final boolean max;

  GlobalPoolLowering(boolean max) {
    this.max = max;
  }

  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    ctx.requireImage(0);
    SDVariable in = ctx.nhwc(ctx.in(0));
    return SdValue.nhwc(max ? in.max(true, 1, 2) : in.mean(true, 1, 2));
  }
}
