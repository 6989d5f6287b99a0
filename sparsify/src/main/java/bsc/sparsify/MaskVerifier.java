package bsc.sparsify;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a model against its mask file: every layer named exists with the grid the mask describes, every
 * masked block is exactly zero, and the weights are the ones the mask was made for (SHA-256).
 */
public final class MaskVerifier {
  private MaskVerifier() {}

  /** Returns the masks when all holds; otherwise throws naming the first offending layer and block. */
  public static List<LayerMask> verify(Graph g, MaskSidecar.File file, String where) {
    BlockShape shape = BlockShape.parse(file.block());
    List<LayerMask> masks = new ArrayList<>();
    for (MaskSidecar.Entry e : file.layers()) {
      Node n = g.node(e.node());
      PrunableLayer layer = n == null ? null : PrunableLayer.of(g, n);
      if (layer == null || !layer.weight().equals(e.weight())) {
        throw new BscException(where, "layer " + e.node() + ": not found in the model (or its weight is not " + e.weight() + ")");
      }
      BlockGrid grid = layer.grid(shape);
      if (grid.blockRows() != e.blockRows() || grid.blockCols() != e.blockCols()) {
        throw new BscException(where, "layer " + e.node() + ": mask is " + e.blockRows() + "x" + e.blockCols()
            + " blocks but the weight has " + grid.blockRows() + "x" + grid.blockCols());
      }
      boolean[] keep = new boolean[e.blockRows() * e.blockCols()];
      float[] w = g.initializer(layer.weight()).toFloats();
      for (int br = 0; br < e.blockRows(); br++) {
        for (int bc = 0; bc < e.blockCols(); bc++) {
          keep[br * e.blockCols() + bc] = e.rows().get(br).charAt(bc) == '1';
          if (!keep[br * e.blockCols() + bc] && !grid.isZero(w, br, bc)) {
            throw new BscException(where, "layer " + e.node() + ": block (" + br + ", " + bc
                + ") is masked but has nonzero weights");
          }
        }
      }
      masks.add(new LayerMask(layer, BlockMask.of(e.blockRows(), e.blockCols(), keep), null, null));
    }
    String digest = WeightDigest.of(g, masks);
    if (!digest.equals(file.weightsSha256())) {
      throw new BscException(where, "weights digest " + digest.substring(0, 12) + "... does not match the mask file's "
          + (file.weightsSha256().length() >= 12 ? file.weightsSha256().substring(0, 12) : file.weightsSha256())
          + "... (the model is not the one this mask was written for)");
    }
    return masks;
  }
}
