package bsc.sparsify.train;

import bsc.ir.Node;

/** Turns one IR node into SameDiff operations: one small class per op kind (see {@link OpLowerings}). */
interface OpLowering {
  SdValue lower(Node node, LoweringContext ctx);
}
