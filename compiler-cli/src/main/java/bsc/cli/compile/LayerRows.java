package bsc.cli.compile;

import bsc.aie2.CompiledProgram;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.LayerReport;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.ir.Node;
import bsc.ir.Tensor;
import bsc.sim.timing.LayerBound;
import bsc.sim.timing.LayerTiming;
import bsc.sim.timing.SimulationResult;
import bsc.sparsify.LayerMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Joins the two programs and their simulations layer by layer and explains small gains. */
final class LayerRows {
  /** A layer whose compacted time is within this factor of its dense time gets a reason. */
  static final double SMALL_GAIN = 1.2;
  /**
   * A layer faster than the ideal of its zero blocks (1 / (1 - zero ratio)) by more than this factor gets a
   * reason too: its compacted program is tiled differently, not only computed on fewer blocks.
   */
  static final double BEYOND_IDEAL = 1.1;
  /** Nonzero blocks this unbalanced across cores (max / mean) are named as a cause. */
  static final double UNBALANCED = 1.2;

  private LayerRows() {}

  static List<LayerRow> of(PrunedModel pruned, CompiledProgram dense, CompiledProgram sparse,
      SimulationResult denseTime, SimulationResult sparseTime) {
    Program dp = dense.program();
    Program sp = sparse.program();
    if (dp.layers().size() != sp.layers().size() || denseTime.layers().size() != sp.layers().size()
        || sparseTime.layers().size() != sp.layers().size()) {
      throw new IllegalStateException("dense and compacted programs have different layers");
    }
    double microsPerCycle = 1e6 / sparseTime.clockHz();
    List<LayerRow> rows = new ArrayList<>();
    for (int i = 0; i < sp.layers().size(); i++) {
      LayerProgram l = sp.layers().get(i);
      if (!l.name().equals(dp.layers().get(i).name())) {
        throw new IllegalStateException("layer " + i + " is " + l.name() + " dense, " + dp.layers().get(i).name());
      }
      LayerReport r = l.report();
      LayerTiming dt = denseTime.layers().get(i);
      LayerTiming st = sparseTime.layers().get(i);
      Node node = pruned.graph().node(l.name());
      String weights = weightShape(pruned, node);
      long moved = r.weightBytesCompacted() + activationBytes(sp, l);
      double share = moved == 0 ? 0 : (double) r.weightBytesCompacted() / moved;
      double zero = r.totalBlocks() == 0 ? 0 : (double) (r.totalBlocks() - r.nonzeroBlocks()) / r.totalBlocks();
      String bound = st.bound().limiter().name().toLowerCase(Locale.ROOT);
      String denseBound = dt.bound().limiter().name().toLowerCase(Locale.ROOT);
      LayerRow row = new LayerRow(i, l.name(), l.op(), weights, outputShape(sp, l), r.denseMacs(), zero, r.split(),
          r.residency(), bound, denseBound, dt.cycles() * microsPerCycle, st.cycles() * microsPerCycle, r.weightBytesDense(),
          r.weightBytesCompacted(), r.blockImbalance(), share, "");
      rows.add(withReason(row, pruned, node, st, dp.layers().get(i).report(), r));
    }
    return rows;
  }

  private static LayerRow withReason(LayerRow row, PrunedModel pruned, Node node, LayerTiming st,
      LayerReport dense, LayerReport sparse) {
    String reason;
    if (row.denseMicros() == 0) {
      return row;
    } else if (row.speedup() < SMALL_GAIN) {
      reason = reason(row, node == null ? null : pruned.masks().get(node.name()), st);
    } else if (beyondIdeal(row)) {
      reason = beyondIdealReason(dense, sparse, row);
    } else {
      return row;
    }
    return new LayerRow(row.index(), row.name(), row.op(), row.weights(), row.output(), row.macs(),
        row.zeroBlockRatio(), row.split(), row.residency(), row.bound(), row.denseBound(), row.denseMicros(),
        row.sparseMicros(), row.weightBytesDense(), row.weightBytesCompacted(), row.blockImbalance(), row.weightShare(),
        reason);
  }

  /** Whether the layer gained clearly more than skipping its zero blocks alone can give. */
  static boolean beyondIdeal(LayerRow row) {
    return row.zeroBlockRatio() < 1 && row.speedup() > BEYOND_IDEAL / (1 - row.zeroBlockRatio());
  }

  /**
   * Why a layer beat the ideal: compacted weights are smaller, so more block rows fit one core weight chunk,
   * the layer needs fewer chunks, and the input tile streamed once per chunk is streamed fewer times.
   */
  static String beyondIdealReason(LayerReport dense, LayerReport sparse, LayerRow row) {
    double ideal = 1 / (1 - row.zeroBlockRatio());
    if (sparse.iterations() < dense.iterations() && !dense.split().equals(row.split())) {
      return String.format(Locale.ROOT, "beyond the %.2fx of its zero blocks: compacted weights fit fewer chunks"
          + " (%s -> %s), so the input is streamed %d instead of %d times per core", ideal, dense.split(),
          row.split(), sparse.iterations(), dense.iterations());
    }
    return String.format(Locale.ROOT, "beyond the %.2fx of its zero blocks: the compacted program moves less"
        + " per iteration (%s)", ideal, row.split());
  }

  /** The first cause that applies, most specific first. */
  static String reason(LayerRow row, LayerMask mask, LayerTiming st) {
    if (!row.hasWeights()) {
      return "no weights: " + row.op() + " only moves activations";
    }
    if (mask != null && !mask.eligible()) {
      // compile has no --include-fc: the pruner's hint to use it does not apply here
      return mask.denseReason().startsWith("excluded: fully connected") ? "excluded: fully connected"
          : mask.denseReason();
    }
    if (row.zeroBlockRatio() == 0) {
      return mask == null ? "not pruned" : "no all-zero 8x8 block to skip";
    }
    LayerBound.Limiter limiter = st.bound().limiter();
    if (limiter == LayerBound.Limiter.DDR || "ddr".equals(row.residency()) && limiter != LayerBound.Limiter.COMPUTE) {
      return "DDR spill: tensors stream from DDR";
    }
    if (limiter == LayerBound.Limiter.ACTIVATIONS) {
      return String.format(Locale.ROOT, "activation-bound: weights are %.0f%% of traffic", 100 * row.weightShare());
    }
    if (row.blockImbalance() >= UNBALANCED) {
      return String.format(Locale.ROOT, "nonzero blocks unbalanced across cores: max/mean %.2f", row.blockImbalance());
    }
    double multiple = st.boundMultiple();
    if (multiple >= 1.5) {
      return String.format(Locale.ROOT, "overheads: %.1fx the layer's %s bound", multiple,
          limiter.name().toLowerCase(Locale.ROOT));
    }
    return "bound by " + limiter.name().toLowerCase(Locale.ROOT);
  }

  private static String weightShape(PrunedModel pruned, Node node) {
    if (node == null || node.inputs().size() < 2) {
      return "";
    }
    Tensor w = pruned.graph().initializer(node.input(1));
    return w == null ? "" : w.shape().toString();
  }

  private static String outputShape(Program p, LayerProgram l) {
    TensorHome t = p.tensor(l.output());
    return t == null ? "" : t.height() + "x" + t.width() + "x" + t.channels();
  }

  /** Bytes of the layer's input and output tensors (each read or written once at least). */
  private static long activationBytes(Program p, LayerProgram l) {
    long n = 0;
    for (String in : l.inputs()) {
      TensorHome t = p.tensor(in);
      n += t == null ? 0 : t.bytes();
    }
    TensorHome out = p.tensor(l.output());
    return n + (out == null ? 0 : out.bytes());
  }
}
