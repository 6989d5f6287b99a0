package bsc.sparsify.train;

import bsc.ir.Node;
import bsc.ir.Shape;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * BatchNormalization. Training: normalize with the batch's mean and (biased) variance per channel, and
 * report both so the running statistics follow them. Inference: the running statistics, as ONNX defines
 * it. Channels are the last axis (NHWC activations, or N x C features), so [C] parameters broadcast.
 */
final class BatchNormLowering implements OpLowering {
  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    int rank = ctx.rank(0);
    if (rank != 4 && rank != 2) {
      throw ctx.fail("only (N, C, H, W) and (N, C) inputs are supported for training, got rank " + rank);
    }
    SDVariable x = rank == 4 ? ctx.nhwc(ctx.in(0)) : ctx.in(0).var();
    int[] dims = rank == 4 ? new int[] {0, 1, 2} : new int[] {0};
    double eps = n.attrs().getFloat("epsilon", 1e-5f);
    SDVariable gamma = ctx.variable(1);
    SDVariable beta = ctx.variable(2);
    SDVariable y;
    if (ctx.mode() == LoweringContext.Mode.TRAIN) {
      SDVariable mean = x.mean(dims);
      SDVariable centered = x.sub(mean);
      // centered * centered, not square(): libnd4j differentiates square() through a slow generic pow
      SDVariable var = centered.mul(centered).mean(dims);
      SDVariable scale = ctx.sd().math().rsqrt(var.add(eps)).mul(gamma);
      y = centered.mul(scale).add(beta);
      Shape s = ctx.graph().type(n.input(0)).shape();
      ctx.batchStatistics(mean, var, rank == 4 ? s.dim(2) * s.dim(3) : 1);
    } else {
      SDVariable scale = ctx.sd().math().rsqrt(ctx.constant(n.input(4)).add(eps)).mul(gamma);
      SDVariable shift = beta.sub(ctx.constant(n.input(3)).mul(scale));
      y = x.mul(scale).add(shift);
    }
    return rank == 4 ? SdValue.nhwc(y) : SdValue.nchw(y);
  }
}
