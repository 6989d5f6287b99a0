package bsc.aie2.lower;

import bsc.aie2.program.Group;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a band of row tiles into iteration groups: consecutive tiles with the same rows and padding form
 * one group whose transfers shift by a constant stride (paper-facts.md 4.5: head / body / tail).
 */
final class RowGroups {
  /** Tiles [tile0, tile0 + count) share {@code rows} output rows and padding. */
  record RowGroup(Group label, int tile0, int count, int rows, int padT, int padB) {}

  private RowGroups() {}

  static List<RowGroup> of(CorePlan p, int t0, int t1) {
    Layer l = p.layer();
    int r = p.rowsPerTile();
    List<RowGroup> out = new ArrayList<>();
    for (int t = t0; t < t1; t++) {
      int y0 = t * r;
      int y1 = Math.min(l.out().h(), y0 + r);
      Window w = l.window();
      int padT = Math.max(0, -w.inRow(y0));
      int padB = Math.max(0, w.inRow(y1 - 1) + w.effKh() - l.in().h());
      RowGroup last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.rows() == y1 - y0 && last.padT() == padT && last.padB() == padB) {
        out.set(out.size() - 1, new RowGroup(last.label(), last.tile0(), last.count() + 1, last.rows(), padT, padB));
      } else {
        Group g = padT > 0 ? Group.HEAD : padB > 0 || y1 - y0 < r ? Group.TAIL : Group.BODY;
        out.add(new RowGroup(g, t, 1, y1 - y0, padT, padB));
      }
    }
    return out;
  }
}
