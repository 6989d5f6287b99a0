package bsc.sim.int8;

/**
 * The output channels of a conv cut into groups that read the same input rows: blocks of R channels
 * (block rows) when every block lies inside one conv group, else single channels (depthwise and other
 * thin grouped convs). A group is the unit of work the threads share.
 */
record RowGroups(int[] start, int[] size, int[] inBase) {
  static RowGroups of(ConvGeometry g, int blockRows) {
    int cout = g.outChannels();
    boolean blocks = g.groups() == 1 || g.outPerGroup() % blockRows == 0;
    int r = blocks ? blockRows : 1;
    int count = (cout + r - 1) / r;
    int[] start = new int[count];
    int[] size = new int[count];
    int[] inBase = new int[count];
    for (int i = 0; i < count; i++) {
      start[i] = i * r;
      size[i] = Math.min(r, cout - i * r);
      inBase[i] = (start[i] / g.outPerGroup()) * g.inPerGroup();
    }
    return new RowGroups(start, size, inBase);
  }

  int count() {
    return start.length;
  }

  int maxSize() {
    int m = 0;
    for (int s : size) {
      m = Math.max(m, s);
    }
    return m;
  }
}
