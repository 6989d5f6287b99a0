package bsc.aie2.lower;

import bsc.ir.BscException;
import bsc.ir.Node;

/** Window geometry of a conv or pool node, with pads resolved against the inferred output extent. */
final class Windows {
  private Windows() {}

  static Window of(Node n, int kh, int kw, Dims in, Dims out) {
    long[] s = n.attrs().getInts("strides", new long[] {1, 1});
    long[] d = n.attrs().getInts("dilations", new long[] {1, 1});
    int sh = (int) s[0];
    int sw = (int) s[1];
    int dh = (int) d[0];
    int dw = (int) d[1];
    int effKh = (kh - 1) * dh + 1;
    int effKw = (kw - 1) * dw + 1;
    String auto = n.attrs().getString("auto_pad", "NOTSET");
    int pt;
    int pl;
    switch (auto) {
      case "NOTSET" -> {
        long[] p = n.attrs().getInts("pads", new long[] {0, 0, 0, 0});
        pt = (int) p[0];
        pl = (int) p[1];
      }
      case "VALID" -> {
        pt = 0;
        pl = 0;
      }
      case "SAME_UPPER", "SAME_LOWER" -> {
        int totalH = Math.max(0, (out.h() - 1) * sh + effKh - in.h());
        int totalW = Math.max(0, (out.w() - 1) * sw + effKw - in.w());
        boolean upper = auto.equals("SAME_UPPER");
        pt = upper ? totalH / 2 : totalH - totalH / 2;
        pl = upper ? totalW / 2 : totalW - totalW / 2;
      }
      default -> throw new BscException("node " + n.name(), "unknown auto_pad " + auto);
    }
    int pb = Math.max(0, (out.h() - 1) * sh + effKh - in.h() - pt);
    int pr = Math.max(0, (out.w() - 1) * sw + effKw - in.w() - pl);
    return new Window(kh, kw, sh, sw, dh, dw, pt, pl, pb, pr);
  }
}
