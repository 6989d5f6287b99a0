package bsc.aie2.lower;

import bsc.aie2.Aie2Target;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.Channel;
import bsc.aie2.program.Compute;
import bsc.aie2.program.CoreBuffers;
import bsc.aie2.program.Group;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LockOp;
import bsc.aie2.program.Transfer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Everything one layer's emission shares: plans, views, buffers, the instruction drafts, slots, locks. */
final class LayerContext {
  final Aie2Target t;
  final CoreBuffers core;
  final Layer layer;
  final CorePlan plan;
  final PassPlan passes;
  final ChunkSizes sizes;
  final WeightLayout weights;
  final List<Buffer> buffers = new ArrayList<>();
  final List<Draft> drafts = new ArrayList<>();
  final SlotTracker slots = new SlotTracker();
  final Set<String> locks = new LinkedHashSet<>();
  /** Current band's views: inputs (resident or staged), output (resident or staged), partial sums. */
  TensorView[] inputs;
  TensorView output;
  boolean outputStaged;
  Buffer psum;
  int bandY0;

  LayerContext(Aie2Target t, CoreBuffers core, Layer layer, CorePlan plan, PassPlan passes, ChunkSizes sizes,
      WeightLayout weights) {
    this.t = t;
    this.core = core;
    this.layer = layer;
    this.plan = plan;
    this.passes = passes;
    this.sizes = sizes;
    this.weights = weights;
  }

  Draft add(InstructionKind kind, Group group, int iterations, List<Transfer> transfers, List<Compute> computes,
      String note) {
    Draft d = new Draft(drafts.size(), kind, group, iterations, transfers, computes, note);
    drafts.add(d);
    return d;
  }

  Draft lock(Draft d, List<LockOp> acquire, List<LockOp> release) {
    for (LockOp op : acquire) {
      d.acquire(op);
      locks.add(op.lock());
    }
    for (LockOp op : release) {
      d.release(op);
      locks.add(op.lock());
    }
    return d;
  }

  static Channel memtile(int column, Channel.Direction dir, int index) {
    return new Channel(Channel.TileKind.MEMTILE, column, -1, dir, index);
  }

  static Channel core(int column, int row, Channel.Direction dir, int index) {
    return new Channel(Channel.TileKind.CORE, column, row, dir, index);
  }

  static Channel shim(int column, Channel.Direction dir, int index) {
    return new Channel(Channel.TileKind.SHIM, column, -1, dir, index);
  }

  /**
   * The memtile MM2S channel that streams data held in memtile {@code src} to cores of column {@code dst}:
   * the destination column's own channel when src is within the DMA's neighbour reach, else the owner's
   * remote channel (docs/PROGRAM.md section 5).
   */
  Channel activationSource(int src, int dst, int ownIndex) {
    if (Math.abs(src - dst) <= t.memtile().neighborReach()) {
      return memtile(dst, Channel.Direction.MM2S, ownIndex);
    }
    return memtile(src, Channel.Direction.MM2S, ChannelPlan.MT_MM2S_REMOTE);
  }
}
