package bsc.aie2.lower;

import bsc.aie2.lower.CorePlan.CoreWork;
import bsc.aie2.lower.Patterns.TileSide;
import bsc.aie2.lower.RowGroups.RowGroup;
import bsc.aie2.program.AccessPattern;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Channel;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Group;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.Level;
import bsc.aie2.program.TileRef;
import bsc.aie2.program.Transfer;
import bsc.aie2.program.Transfer.Broadcast;
import bsc.aie2.program.Transfer.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits one layer's instructions: for each row band (pass), stage DDR-resident inputs (LOAD), for each
 * chunk group load weights into the memtile (LOADW), for each weight chunk send it to the cores (LOADWM) and
 * run the core pipeline over width sub-tiles and row groups (TileEmitter), then write a DDR-resident
 * output band back (WRITE). Coarse ordering uses {@code after}; the core pipeline uses locks.
 */
final class LayerEmitter {
  private final LayerContext c;
  private final TensorView[] homes;
  private final TensorView outputHome;
  private final long weightsDdr;
  private final long scratchBase;
  private Buffer mtWeights;
  private final Buffer[] stageIn;
  private Buffer stageOut;

  LayerEmitter(LayerContext c, TensorView[] inputHomes, TensorView outputHome, long weightsDdr, long scratchBase) {
    this.c = c;
    this.homes = inputHomes;
    this.outputHome = outputHome;
    this.weightsDdr = weightsDdr;
    this.scratchBase = scratchBase;
    this.stageIn = new Buffer[inputHomes.length];
  }

  void emit() {
    allocateBuffers();
    List<Integer> weightLoads = c.passes.weightsOnce() && mtWeights != null ? loadWeights(0, List.of()) : List.of();
    List<Integer> prevReaders = List.of();
    List<Integer> prevWrite = List.of();
    // the LOADWMs that read mt.w last: the next LOADW overwrites it, in this band or the next one
    List<Integer> prevWm = List.of();
    for (int[] band : c.passes.bands()) {
      c.bandY0 = band[0] * c.plan.rowsPerTile();
      int y1 = Math.min(c.layer.out().h(), band[1] * c.plan.rowsPerTile());
      List<Integer> loads = stageInputs(c.bandY0, y1, prevReaders);
      c.output = c.outputStaged ? stageView(c.layer.output(), stageOut, c.layer.out(), c.bandY0) : outputHome;
      List<Integer> readers = new ArrayList<>();
      List<Integer> writes = new ArrayList<>();
      for (int kg = 0; kg < c.passes.chunkGroups().size(); kg++) {
        if (mtWeights != null && !c.passes.weightsOnce()) {
          weightLoads = loadWeights(kg, prevWm);
        }
        prevWm = chunkGroup(kg, band, loads, weightLoads, prevWrite, readers, writes);
      }
      prevWrite = c.outputStaged ? writeBand(c.bandY0, y1, writes) : List.of();
      prevReaders = readers;
    }
  }

  private List<Integer> chunkGroup(int kg, int[] band, List<Integer> loads, List<Integer> weightLoads,
      List<Integer> prevWrite, List<Integer> readers, List<Integer> writes) {
    TileEmitter tiles = new TileEmitter(c);
    List<RowGroup> groups = RowGroups.of(c.plan, band[0], band[1]);
    List<Integer> wm = new ArrayList<>();
    int[] kr = c.passes.chunkGroups().get(kg);
    for (int k = kr[0]; k < kr[1]; k++) {
      List<Integer> psumWrites = List.of();
      for (int q = 0; q < c.plan.ciChunks().size(); q++) {
        if (mtWeights != null) {
          wm.add(loadChunk(k, q, weightLoads));
        }
        List<Draft> comps = new ArrayList<>();
        List<Integer> qWrites = new ArrayList<>();
        for (int s = 0; s < c.plan.subTiles(); s++) {
          for (RowGroup rg : groups) {
            boolean last = q == c.plan.ciChunks().size() - 1;
            var ids = tiles.emit(k, q, s, rg, loads, psumWrites, last && c.outputStaged ? prevWrite : List.of());
            readers.addAll(ids.loads());
            comps.add(c.drafts.get(ids.comp()));
            (last ? writes : qWrites).add(ids.write());
          }
        }
        if (mtWeights != null) {
          c.lock(comps.get(0), List.of(Locks.first(Locks.W_FULL)), List.of());
          c.lock(comps.get(comps.size() - 1), List.of(), List.of(Locks.last(Locks.W_EMPTY)));
        }
        psumWrites = qWrites;
      }
    }
    return wm;
  }

  private void allocateBuffers() {
    long at = scratchBase;
    if (c.layer.kind().hasWeights()) {
      mtWeights = new Buffer("mt.w", Level.MEMTILE, at, c.passes.weightBytes(), 1, "weight chunks");
      at = add(mtWeights);
    }
    for (int i = 0; i < stageIn.length; i++) {
      if (c.passes.stageInBytes()[i] > 0) {
        stageIn[i] = new Buffer("mt.stage.in" + i, Level.MEMTILE, at, c.passes.stageInBytes()[i], 1,
            "DDR rows of " + c.layer.inputs().get(i));
        at = add(stageIn[i]);
      }
    }
    if (c.passes.stageOutBytes() > 0) {
      stageOut = new Buffer("mt.stage.out", Level.MEMTILE, at, c.passes.stageOutBytes(), 1, "rows for DDR");
      at = add(stageOut);
      c.outputStaged = true;
    }
    if (c.passes.psumBytes() > 0) {
      c.psum = new Buffer("mt.psum", Level.MEMTILE, at, c.passes.psumBytes(), 1, "INT32 partial sums");
      add(c.psum);
    }
    c.inputs = homes.clone();
  }

  private long add(Buffer b) {
    c.buffers.add(b);
    return Geometry.align(b.endBytes());
  }

  private List<Integer> stageInputs(int y0, int y1, List<Integer> after) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < homes.length; i++) {
      if (stageIn[i] == null) {
        continue;
      }
      int[] rows = Geometry.inputRows(c.layer, y0, y1);
      Dims d = c.layer.in();
      TensorView stage = stageView(c.layer.inputs().get(i), stageIn[i], d, rows[0]);
      List<Transfer> transfers = new ArrayList<>();
      for (var s : stage.slices()) {
        int col = s.column();
        TileSide dst = new TileSide(Level.MEMTILE, List.of(TileRef.memtile(col)), stageIn[i].id(), 0,
            LayerContext.memtile(col, Channel.Direction.S2MM, ChannelPlan.MT_S2MM_ACTIVATIONS));
        Patterns.Window w = new Patterns.Window(rows[0], rows[1], 0, 0, s.x0(), s.x1(), 0, 0, 0, d.c(), 0);
        var segs = Patterns.read(homes[i], w, 0, dst, stageIn[i].offsetBytes(),
            m -> LayerContext.shim(col, Channel.Direction.MM2S, ChannelPlan.SHIM_MM2S_ACTIVATIONS));
        transfers.add(new Transfer(segs, (long) (rows[1] - rows[0]) * s.width() * d.c(), Broadcast.NONE));
      }
      ids.add(c.add(InstructionKind.LOAD, Group.ONCE, 1, transfers, List.of(),
          c.layer.inputs().get(i) + " rows " + rows[0] + ".." + rows[1]).after(after).id);
      c.inputs[i] = stage;
    }
    return ids;
  }

  private TensorView stageView(String tensor, Buffer b, Dims d, int rowOrigin) {
    int n = Geometry.sliceCount(c.t, d.w());
    return new TensorView(tensor, Level.MEMTILE, b.id(), TensorView.memtileSlices(d.w(), n, b.offsetBytes(), d.c()),
        d.c(), 0, rowOrigin, 1);
  }

  private List<Integer> writeBand(int y0, int y1, List<Integer> after) {
    List<Transfer> transfers = new ArrayList<>();
    Dims d = c.layer.out();
    int mid = y1 - y0 >= 2 ? y0 + (y1 - y0) / 2 : y1;
    for (var s : c.output.slices()) {
      int col = s.column();
      for (int half = 0; half < 2; half++) {
        int a = half == 0 ? y0 : mid;
        int b = half == 0 ? mid : y1;
        if (a >= b) {
          continue;
        }
        int h = half;
        TileSide src = new TileSide(Level.MEMTILE, List.of(TileRef.memtile(col)), stageOut.id(), 0,
            LayerContext.memtile(col, Channel.Direction.MM2S, ChannelPlan.MT_MM2S_TO_DDR + h));
        long base = c.output.address(s, a, s.x0(), 0);
        var segs = Patterns.write(outputHome, a, b - a, s.x0(), s.x1(), 0, d.c(), 0, src, base,
            m -> LayerContext.shim(col, Channel.Direction.S2MM, h));
        transfers.add(new Transfer(segs, (long) (b - a) * s.width() * d.c(), Broadcast.NONE));
      }
    }
    return List.of(c.add(InstructionKind.WRITE, Group.ONCE, 1, transfers, List.of(),
        c.layer.output() + " rows " + y0 + ".." + y1).after(after).id);
  }

  private List<Integer> loadWeights(int kg, List<Integer> after) {
    List<Transfer> transfers = new ArrayList<>();
    for (int m = 0; m < c.t.columns(); m++) {
      long bytes = c.weights.loadBytes(kg, m);
      if (bytes == 0) {
        continue;
      }
      Endpoint src = new Endpoint(Level.DDR, List.of(), "ddr.weights", 0,
          AccessPattern.contiguous(weightsDdr + c.weights.loadDdrOffset(kg, m), bytes), 0,
          LayerContext.shim(m, Channel.Direction.MM2S, ChannelPlan.SHIM_MM2S_WEIGHTS));
      Endpoint dst = new Endpoint(Level.MEMTILE, List.of(TileRef.memtile(m)), mtWeights.id(), 0,
          AccessPattern.contiguous(mtWeights.offsetBytes(), bytes), 0,
          LayerContext.memtile(m, Channel.Direction.S2MM, ChannelPlan.MT_S2MM_WEIGHTS));
      transfers.add(new Transfer(List.of(new Segment(src, dst)), bytes, Broadcast.NONE));
    }
    int[] kr = c.passes.chunkGroups().get(kg);
    return List.of(c.add(InstructionKind.LOADW, Group.ONCE, 1, transfers, List.of(),
        "chunks " + kr[0] + ".." + kr[1]).after(after).id);
  }

  private int loadChunk(int k, int q, List<Integer> after) {
    List<Transfer> transfers = new ArrayList<>();
    for (int g = 0; g < c.plan.groups(); g++) {
      List<CoreWork> cores = c.plan.group(g).stream().filter(w -> !w.chunks().get(k).empty()).toList();
      if (cores.isEmpty()) {
        continue;
      }
      int m = Geometry.memtileOfGroup(c.plan, g);
      long bytes = c.sizes.bytes(g, k, q);
      long off = mtWeights.offsetBytes() + c.weights.memtileOffset(g, k, q);
      List<TileRef> tiles = cores.stream().map(w -> TileRef.core(w.column(), w.row())).toList();
      Endpoint src = new Endpoint(Level.MEMTILE, List.of(TileRef.memtile(m)), mtWeights.id(), 0,
          AccessPattern.contiguous(off, bytes), 0,
          LayerContext.memtile(m, Channel.Direction.MM2S, ChannelPlan.MT_MM2S_WEIGHTS));
      Endpoint dst = new Endpoint(Level.CORE, tiles, CoreBuffers.WEIGHTS, 0, AccessPattern.contiguous(0, bytes), 0,
          LayerContext.core(tiles.get(0).column(), tiles.get(0).row(), Channel.Direction.S2MM,
              ChannelPlan.CORE_S2MM_WEIGHTS));
      transfers.add(new Transfer(List.of(new Segment(src, dst)), bytes, tiles.size() > 1 ? Broadcast.ROW
          : Broadcast.NONE));
    }
    Draft d = c.add(InstructionKind.LOADWM, Group.ONCE, 1, transfers, List.of(), "chunk " + k
        + (c.plan.ciChunks().size() > 1 ? " q" + q : "")).after(after);
    c.lock(d, List.of(Locks.each(Locks.W_EMPTY)), List.of(Locks.each(Locks.W_FULL)));
    return d.id;
  }
}
