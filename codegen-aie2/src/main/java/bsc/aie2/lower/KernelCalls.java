package bsc.aie2.lower;

import bsc.aie2.lower.CorePlan.Chunk;
import bsc.aie2.lower.CorePlan.ColumnWork;
import bsc.aie2.lower.CorePlan.CoreWork;
import bsc.aie2.lower.RowGroups.RowGroup;
import bsc.aie2.program.Compute;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.KernelCall;
import bsc.aie2.program.KernelKind;
import bsc.aie2.program.Level;
import bsc.aie2.program.TensorSlice;
import bsc.aie2.program.TileRef;
import java.util.List;

/** Input windows, partial-sum views and the kernel call of one core for one pipeline step. */
final class KernelCalls {
  private final LayerContext c;
  /** Per layer, not per call: the kernel's name and the plan's partial-sum channels per column. */
  private final String kernel;
  private final int psumChannels;

  KernelCalls(LayerContext c) {
    this.c = c;
    this.kernel = kernelName(c.layer);
    this.psumChannels = PassPlanner.psumChannels(c.plan);
  }

  /** Input channels {c0, c1, padding to the block width} a chunk reads in ci chunk q. */
  int[] inputChannels(Chunk ch, int q) {
    if (c.layer.kind() != LayerKind.CONV) {
      return new int[] {ch.c0(), ch.c1(), 0};
    }
    int[] r = c.plan.ciChunks().get(q);
    int c0 = r[0] * ChunkFormat.BLOCK;
    int c1 = Math.min(c.layer.in().c(), r[1] * ChunkFormat.BLOCK);
    return new int[] {c0, c1, (r[1] - r[0]) * ChunkFormat.BLOCK - (c1 - c0)};
  }

  /** Whether the DMA zero-pads the input (convs, count-including average pools) or the kernel skips pads. */
  boolean dmaPads() {
    return switch (c.layer.kind()) {
      case MAX_POOL -> false;
      case AVG_POOL -> c.layer.countIncludePad();
      default -> true;
    };
  }

  Patterns.Window window(ColumnWork col, int s, RowGroup rg, int[] ch) {
    Layer l = c.layer;
    Window win = l.window();
    int y0 = rg.tile0() * c.plan.rowsPerTile();
    int y1 = y0 + rg.rows();
    int iy0u = win.inRow(y0);
    int iy1u = win.inRow(y1 - 1) + win.effKh();
    int ix0u = win.inCol(col.subStart(s));
    int ix1u = win.inCol(col.subEnd(s) - 1) + win.effKw();
    int iy0 = Math.max(0, iy0u);
    int iy1 = Math.min(l.in().h(), iy1u);
    int ix0 = Math.max(0, ix0u);
    int ix1 = Math.min(l.in().w(), ix1u);
    if (!dmaPads()) {
      return new Patterns.Window(iy0, iy1, 0, 0, ix0, ix1, 0, 0, ch[0], ch[1], ch[2]);
    }
    return new Patterns.Window(iy0, iy1, iy0 - iy0u, iy1u - iy1, ix0, ix1, ix0 - ix0u, ix1u - ix1, ch[0], ch[1], ch[2]);
  }

  int psumChannelBase(CoreWork w) {
    int base = 0;
    for (CoreWork o : c.plan.cores()) {
      if (o.column() == w.column() && o.row() < w.row()) {
        base += PassPlanner.maxChunkChannels(o);
      }
    }
    return base;
  }

  TensorView psumView(int column) {
    ColumnWork col = c.plan.column(column);
    long pixel = (long) psumChannels * Integer.BYTES;
    TensorSlice s = new TensorSlice(column, col.x0(), col.x1(), c.psum.offsetBytes(), (col.x1() - col.x0()) * pixel);
    return new TensorView("psum", Level.MEMTILE, c.psum.id(), List.of(s), pixel, 0, c.bandY0, Integer.BYTES);
  }

  Compute compute(CoreWork w, int k, int q, int s, RowGroup rg, boolean lastQ) {
    Layer l = c.layer;
    Window win = l.window();
    ColumnWork col = c.plan.column(w.column());
    Chunk ch = w.chunks().get(k);
    Patterns.Window in = window(col, s, rg, inputChannels(ch, q));
    int[] kp = kernelPads(col, s, rg);
    int outCols = col.subEnd(s) - col.subStart(s);
    int inSlot = c.slots.next(CoreBuffers.INPUT, w.column(), w.row(), 2);
    int outSlot = c.slots.next(CoreBuffers.OUTPUT, w.column(), w.row(), 2);
    boolean add = l.kind() == LayerKind.ADD;
    int in2Slot = add ? c.slots.next(CoreBuffers.INPUT2, w.column(), w.row(), 2) : 0;
    long weightBytes = l.kind().hasWeights() ? c.sizes.bytes(w.group(), k, q) : 0;
    KernelCall call = new KernelCall(kernel, kernelKind(l), rg.rows(), outCols, ch.channels(), in.rowsStream(),
        in.colsStream(), in.channelsStream(), win.kh(), win.kw(), win.sh(), win.sw(), win.dh(), win.dw(), kp[0], kp[1],
        kp[2], kp[3], l.countIncludePad(), CoreBuffers.INPUT, inSlot, add ? CoreBuffers.INPUT2 : "", in2Slot,
        CoreBuffers.OUTPUT, outSlot, 0, weightBytes, q > 0, lastQ, l.activation().name(), l.activation().clampMin(),
        l.activation().clampMax(), l.fixes());
    long pixels = (long) rg.rows() * outCols;
    long macs;
    long dense;
    int nnz = 0;
    if (l.kind() == LayerKind.CONV) {
      nnz = c.sizes.blocks(w.group(), k, q);
      int[] r = c.plan.ciChunks().get(q);
      long perBlock = (long) ChunkFormat.BLOCK_BYTES * win.taps();
      macs = pixels * nnz * perBlock;
      dense = pixels * c.sizes.blockRows(w.group(), k, q) * (r[1] - r[0]) * perBlock;
    } else {
      int taps = l.kind() == LayerKind.ADD || l.kind() == LayerKind.COPY ? 1 : win.taps();
      macs = pixels * ch.channels() * taps;
      dense = macs;
    }
    return new Compute(TileRef.core(w.column(), w.row()), call, macs, dense, nnz);
  }

  /** Pads the kernel handles itself (top, left, bottom, right): only where the DMA does not pad. */
  private int[] kernelPads(ColumnWork col, int s, RowGroup rg) {
    if (dmaPads()) {
      return new int[4];
    }
    Window win = c.layer.window();
    int y0 = rg.tile0() * c.plan.rowsPerTile();
    int top = Math.max(0, -win.inRow(y0));
    int bottom = Math.max(0, win.inRow(y0 + rg.rows() - 1) + win.effKh() - c.layer.in().h());
    int left = Math.max(0, -win.inCol(col.subStart(s)));
    int right = Math.max(0, win.inCol(col.subEnd(s) - 1) + win.effKw() - c.layer.in().w());
    return new int[] {top, left, bottom, right};
  }

  static KernelKind kernelKind(Layer l) {
    return switch (l.kind()) {
      case CONV -> KernelKind.CONV_BSR;
      case DEPTHWISE -> KernelKind.DEPTHWISE;
      case MAX_POOL -> KernelKind.MAX_POOL;
      case AVG_POOL -> KernelKind.AVG_POOL;
      case GLOBAL_AVG_POOL -> KernelKind.GLOBAL_AVG_POOL;
      case ADD -> KernelKind.ADD;
      default -> KernelKind.COPY;
    };
  }

  static String kernelName(Layer l) {
    String w = l.window().shortName();
    return switch (l.kind()) {
      case CONV -> "conv_bsr_" + w;
      case DEPTHWISE -> "depthwise_" + w;
      case MAX_POOL -> "maxpool_" + w;
      case AVG_POOL -> "avgpool_" + w;
      case GLOBAL_AVG_POOL -> "global_avgpool";
      case ADD -> "add";
      default -> "copy";
    };
  }
}
