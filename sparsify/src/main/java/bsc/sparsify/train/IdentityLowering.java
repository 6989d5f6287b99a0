package bsc.sparsify.train;

import bsc.ir.Node;

/** Identity, and Dropout, which bsc trains as the identity (the models it trains have none). */
final class IdentityLowering implements OpLowering {
  @Override
  public SdValue lower(Node n, LoweringContext ctx) {
    return ctx.in(0);
  }
}
