package bsc.ir.ops;

import bsc.ir.InferenceContext;
import bsc.ir.OpSchema;
import bsc.ir.Shape;
import bsc.ir.TensorType;
import java.util.List;

/** Transpose by {@code perm} (default: reverse the axes). */
public final class TransposeOp implements OpSchema {
  @Override
  public int minInputs() {
    return 1;
  }

  @Override
  public int maxInputs() {
    return 1;
  }

  @Override
  public List<TensorType> infer(InferenceContext ctx) {
    Shape x = ctx.shape(0);
    long[] perm = perm(ctx, x.rank());
    long[] out = new long[x.rank()];
    for (int i = 0; i < out.length; i++) {
      out[i] = x.dim((int) perm[i]);
    }
    return List.of(new TensorType(ctx.input(0).dtype(), Shape.of(out)));
  }

  /** The permutation, validated. */
  public static long[] perm(InferenceContext ctx, int rank) {
    long[] perm = ctx.attrs().getInts("perm", null);
    if (perm == null) {
      perm = new long[rank];
      for (int i = 0; i < rank; i++) {
        perm[i] = rank - 1 - i;
      }
    }
    boolean[] seen = new boolean[rank];
    if (perm.length != rank) {
      throw ctx.fail("perm has " + perm.length + " entries for rank " + rank);
    }
    for (long p : perm) {
      if (p < 0 || p >= rank || seen[(int) p]) {
        throw ctx.fail("perm " + java.util.Arrays.toString(perm) + " is not a permutation");
      }
      seen[(int) p] = true;
    }
    return perm;
  }
}
