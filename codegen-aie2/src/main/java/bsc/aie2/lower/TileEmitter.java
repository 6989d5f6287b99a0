package bsc.aie2.lower;

import bsc.aie2.lower.CorePlan.Chunk;
import bsc.aie2.lower.CorePlan.ColumnWork;
import bsc.aie2.lower.CorePlan.CoreWork;
import bsc.aie2.lower.Patterns.TileSide;
import bsc.aie2.lower.RowGroups.RowGroup;
import bsc.aie2.program.Channel;
import bsc.aie2.program.Compute;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.Level;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import bsc.aie2.program.Transfer.Broadcast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a layer's core pipeline for chunk k, input-channel chunk q, width sub-tile s and a row group:
 * LOADFM (inputs, and partial sums after the first q), COMP, WRITEFM (outputs, or partial sums before the
 * last q), chained by the per-core ping/pong locks.
 */
final class TileEmitter {
  /** Ids of the instructions emitted for one step. */
  record Ids(List<Integer> loads, int comp, int write) {}

  private final LayerContext c;
  private final KernelCalls calls;

  TileEmitter(LayerContext c) {
    this.c = c;
    this.calls = new KernelCalls(c);
  }

  Ids emit(int k, int q, int s, RowGroup rg, List<Integer> loadAfter, List<Integer> psumAfter, List<Integer> writeAfter) {
    List<CoreWork> active = c.plan.cores().stream().filter(w -> !w.chunks().get(k).empty()).toList();
    boolean lastQ = q == c.plan.ciChunks().size() - 1;
    List<Integer> loads = new ArrayList<>();
    loads.add(loadInputs(active, k, q, s, rg, 0, loadAfter));
    if (c.layer.kind() == LayerKind.ADD) {
      loads.add(loadInputs(active, k, q, s, rg, 1, loadAfter));
    }
    if (q > 0) {
      loads.add(loadPsum(active, k, s, rg, psumAfter));
    }
    int comp = compute(active, k, q, s, rg, lastQ);
    int write = write(active, k, s, rg, lastQ, writeAfter);
    for (CoreWork w : active) {
      c.slots.advance(CoreBuffers.INPUT, w.column(), w.row(), rg.count());
      c.slots.advance(CoreBuffers.OUTPUT, w.column(), w.row(), rg.count());
      if (c.layer.kind() == LayerKind.ADD) {
        c.slots.advance(CoreBuffers.INPUT2, w.column(), w.row(), rg.count());
      }
    }
    return new Ids(loads, comp, write);
  }

  private int loadInputs(List<CoreWork> active, int k, int q, int s, RowGroup rg, int operand, List<Integer> after) {
    String buffer = operand == 0 ? CoreBuffers.INPUT : CoreBuffers.INPUT2;
    int dstChannel = operand == 0 ? ChannelPlan.CORE_S2MM_INPUT : ChannelPlan.CORE_S2MM_WEIGHTS;
    TensorView v = c.inputs[operand];
    List<Transfer> transfers = new ArrayList<>();
    boolean broadcast = c.layer.kind() == LayerKind.CONV;
    for (Map.Entry<String, List<CoreWork>> e : receivers(active, buffer, broadcast).entrySet()) {
      CoreWork first = e.getValue().get(0);
      ColumnWork col = c.plan.column(first.column());
      Patterns.Window w = calls.window(col, s, rg, calls.inputChannels(first.chunks().get(k), q));
      List<TileRef> tiles = e.getValue().stream().map(x -> TileRef.core(x.column(), x.row())).toList();
      int slot = c.slots.next(buffer, first.column(), first.row(), 2);
      TileSide dst = new TileSide(Level.CORE, tiles, buffer, slot,
          LayerContext.core(first.column(), first.row(), Channel.Direction.S2MM, dstChannel));
      int own = operand == 0 ? ChannelPlan.MT_MM2S_ACTIVATIONS : ChannelPlan.MT_MM2S_PER_CORE;
      var segs = Patterns.read(v, w, rg.rows() * c.layer.window().sh(), dst, 0,
          m -> c.activationSource(m, first.column(), own));
      transfers.add(new Transfer(segs, w.rowsStream() * (long) w.colsStream() * w.channelsStream(),
          broadcast && tiles.size() > 1 ? Broadcast.COLUMN : Broadcast.NONE));
    }
    Draft d = c.add(InstructionKind.LOADFM, rg.label(), rg.count(), transfers, List.of(),
        (operand == 0 ? "in" : "in2") + " " + note(k, q, s, rg)).after(after);
    String empty = operand == 0 ? Locks.IN_EMPTY : Locks.IN2_EMPTY;
    String full = operand == 0 ? Locks.IN_FULL : Locks.IN2_FULL;
    c.lock(d, List.of(Locks.each(empty)), List.of(Locks.each(full)));
    return d.id;
  }

  /** Cores receiving the same input stream, keyed by column (broadcast) or core, split by slot parity. */
  private Map<String, List<CoreWork>> receivers(List<CoreWork> active, String buffer, boolean broadcast) {
    Map<String, List<CoreWork>> out = new LinkedHashMap<>();
    for (CoreWork w : active) {
      int slot = c.slots.next(buffer, w.column(), w.row(), 2);
      String key = broadcast ? w.column() + "/" + slot : w.column() + "," + w.row();
      out.computeIfAbsent(key, x -> new ArrayList<>()).add(w);
    }
    return out;
  }

  private int loadPsum(List<CoreWork> active, int k, int s, RowGroup rg, List<Integer> after) {
    List<Transfer> transfers = new ArrayList<>();
    for (CoreWork w : active) {
      ColumnWork col = c.plan.column(w.column());
      Chunk ch = w.chunks().get(k);
      int base = calls.psumChannelBase(w);
      int y0 = rg.tile0() * c.plan.rowsPerTile();
      Patterns.Window win = new Patterns.Window(y0, y0 + rg.rows(), 0, 0, col.subStart(s), col.subEnd(s), 0, 0, base,
          base + ch.channels(), 0);
      int slot = c.slots.next(CoreBuffers.OUTPUT, w.column(), w.row(), 2);
      TileSide dst = new TileSide(Level.CORE, List.of(TileRef.core(w.column(), w.row())), CoreBuffers.OUTPUT, slot,
          LayerContext.core(w.column(), w.row(), Channel.Direction.S2MM, ChannelPlan.CORE_S2MM_WEIGHTS));
      var segs = Patterns.read(calls.psumView(w.column()), win, rg.rows(), dst, 0,
          m -> c.activationSource(m, w.column(), ChannelPlan.MT_MM2S_PER_CORE));
      transfers.add(new Transfer(segs, (long) rg.rows() * win.colsStream() * ch.channels() * Integer.BYTES,
          Broadcast.NONE));
    }
    Draft d = c.add(InstructionKind.LOADFM, rg.label(), rg.count(), transfers, List.of(), "psum " + note(k, -1, s, rg))
        .after(after);
    c.lock(d, List.of(Locks.each(Locks.OUT_EMPTY)), List.of(Locks.each(Locks.OUT_PSUM)));
    return d.id;
  }

  private int compute(List<CoreWork> active, int k, int q, int s, RowGroup rg, boolean lastQ) {
    List<Compute> computes = new ArrayList<>();
    for (CoreWork w : active) {
      computes.add(calls.compute(w, k, q, s, rg, lastQ));
    }
    Draft d = c.add(InstructionKind.COMP, rg.label(), rg.count(), List.of(), computes, note(k, q, s, rg));
    List<LockOp> acq = new ArrayList<>(List.of(Locks.each(Locks.IN_FULL)));
    List<LockOp> rel = new ArrayList<>(List.of(Locks.each(Locks.IN_EMPTY), Locks.each(Locks.OUT_FULL)));
    if (c.layer.kind() == LayerKind.ADD) {
      acq.add(Locks.each(Locks.IN2_FULL));
      rel.add(Locks.each(Locks.IN2_EMPTY));
    }
    acq.add(Locks.each(q > 0 ? Locks.OUT_PSUM : Locks.OUT_EMPTY));
    c.lock(d, acq, rel);
    return d.id;
  }

  private int write(List<CoreWork> active, int k, int s, RowGroup rg, boolean lastQ, List<Integer> after) {
    List<Transfer> transfers = new ArrayList<>();
    int y0 = rg.tile0() * c.plan.rowsPerTile();
    for (CoreWork w : active) {
      ColumnWork col = c.plan.column(w.column());
      Chunk ch = w.chunks().get(k);
      int slot = c.slots.next(CoreBuffers.OUTPUT, w.column(), w.row(), 2);
      TileSide src = new TileSide(Level.CORE, List.of(TileRef.core(w.column(), w.row())), CoreBuffers.OUTPUT, slot,
          LayerContext.core(w.column(), w.row(), Channel.Direction.MM2S, ChannelPlan.CORE_MM2S_OUTPUT));
      int a = col.subStart(s);
      int b = col.subEnd(s);
      var segs = lastQ
          ? Patterns.write(c.output, y0, rg.rows(), a, b, ch.c0(), ch.c1(), rg.rows(), src, 0, m -> fromCore(m, w))
          : Patterns.write(calls.psumView(w.column()), y0, rg.rows(), a, b, calls.psumChannelBase(w),
              calls.psumChannelBase(w) + ch.channels(), rg.rows(), src, 0, m -> fromCore(m, w));
      long bytes = (long) rg.rows() * (b - a) * ch.channels() * (lastQ ? 1 : Integer.BYTES);
      transfers.add(new Transfer(segs, bytes, Broadcast.NONE));
    }
    Draft d = c.add(InstructionKind.WRITEFM, rg.label(), rg.count(), transfers, List.of(),
        (lastQ ? "out " : "psum ") + note(k, -1, s, rg)).after(after);
    c.lock(d, List.of(Locks.each(Locks.OUT_FULL)), List.of(Locks.each(Locks.OUT_EMPTY)));
    return d.id;
  }

  private Channel fromCore(int memtile, CoreWork w) {
    return LayerContext.memtile(memtile, Channel.Direction.S2MM, ChannelPlan.fromCore(w.row()));
  }

  private String note(int k, int q, int s, RowGroup rg) {
    int r = c.plan.rowsPerTile();
    StringBuilder b = new StringBuilder("rows ").append(rg.tile0() * r).append("+").append(rg.rows());
    if (rg.count() > 1) {
      b.append(" step ").append(r);
    }
    if (c.plan.subTiles() > 1) {
      b.append(" w").append(s);
    }
    if (c.plan.chunks() > 1) {
      b.append(" k").append(k);
    }
    if (q >= 0 && c.plan.ciChunks().size() > 1) {
      b.append(" q").append(q);
    }
    return b.toString();
  }
}
