package bsc.sim.int8;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import bsc.sparsify.BlockShape;
import bsc.sparsify.LayerMask;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedLayer;
import bsc.sparsify.quant.QuantizedModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Where the vector conv path's time goes, per pruned conv of a model's 50% 8x8 block-sparse copy, on one
 * thread, in CPU time ({@link ThreadMXBean}, robust under load): the dense walk, the block-sparse walk, and
 * an empty walk (the same conv with all-zero weights, so no block is stored: the input layout, bias and
 * requantization only). Each layer runs on its real input from the pruned model. Prints a
 * table on stdout: {@code java -cp ... bsc.sim.int8.PanelProfile [MODEL] [--reps N] [--threads N] [--cold]}
 * (more than one thread: wall time, min of 3 interleaved rounds; {@code --cold}: every run starts with its
 * weights and input evicted from the caches, as in a network whose float weights exceed the L3); {@code -DemptyOnly=1} runs only the empty walks
 * (for a sampling profiler).
 */
final class PanelProfile {
  private PanelProfile() {}

  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  /** With more than one thread, wall time: the other threads' CPU time is not the caller's. */
  private static boolean wall;

  private static long now() {
    return wall ? System.nanoTime() : CPU.getCurrentThreadCpuTime();
  }

  /** Minimum nanoseconds per run (CPU time on one thread, else wall) over {@code rounds} rounds of {@code reps} runs. */
  private static double cpuNanos(Int8Kernel k, Frame f, int reps, int rounds) {
    double best = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long spent = 0;
      long t0 = now();
      for (int i = 0; i < reps; i++) {
        if (cold != null) {
          spent += now() - t0;
          evict();
          t0 = now();
        }
        k.run(f);
      }
      spent += now() - t0;
      best = Math.min(best, spent / (double) reps);
    }
    return best;
  }

  /** With {@code --cold}, a buffer larger than the last-level cache, swept before every timed run. */
  private static long[] cold;

  /** Sweeps {@link #cold}, so each run starts with its weights and input out of the caches, as in a network. */
  private static void evict() {
    for (int i = 0; i < cold.length; i += 8) {
      cold[i]++;
    }
  }

  /** The input layout the vector path makes for a whole conv, alone. */
  private static Int8Kernel layout(ConvGeometry g, byte[] input) {
    Planes planes = new Planes(g);
    float[] x = new float[planes.length()];
    return f -> planes.fill(input, x, 0, g.inChannels());
  }

  public static void main(String[] args) {
    String name = "resnet50";
    int reps = 20;
    int threads = 1;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--reps")) {
        reps = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--cold")) {
        cold = new long[64 << 17]; // 64 MiB, twice this machine's L3
      } else if (args[i].equals("--threads")) {
        threads = Integer.parseInt(args[++i]);
      } else {
        name = args[i];
      }
    }
    Graph canonical = BuiltinInt8.canonical(name, 0);
    Pruner.Result pruned = Pruner.prune(canonical, PruneOptions.paper(0.5));
    QuantizedModel m = BuiltinInt8.quantize(pruned.graph(), 1, QuantOptions.defaults());
    Map<String, Tensor> input = BuiltinInt8.input(canonical, 42);
    Map<String, byte[]> values;
    try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults().withThreads(1))) {
      values = e.runAllValues(input);
    }
    BlockShape block = BlockShape.AIE2_DEFAULT;
    Graph graph = m.graph();
    double td = 0;
    double ts = 0;
    double te = 0;
    System.out.println("| conv | Cin->Cout k | pixels | grid | dense ms | dense GMAC/s | segments | sparse ms | "
        + "empty ms | speed-up | speed-up net of empty | layout ms |");
    long totalMacs = 0;
    wall = threads > 1;
    try (Workers one = new Workers(threads)) {
      Scratch[] scratch = new Scratch[threads];
      for (int i = 0; i < threads; i++) {
        scratch[i] = new Scratch();
      }
      for (LayerMask lm : pruned.masks().list()) {
        if (lm.mask().zeroBlocks() == 0) {
          continue;
        }
        Node n = graph.node(lm.layer().node());
        ConvGeometry g = ConvGeometry.of(graph, n);
        if (!PanelWeights.applies(g, block)) {
          continue;
        }
        QuantizedLayer layer = m.layer(n.name());
        Planes planes = new Planes(g);
        Frame f = new Frame(2);
        f.set(0, values.get(n.input(0)));
        byte[] w = layer.weights();
        PanelWeights packed = PanelWeights.dense(g, planes, w, block);
        Int8Kernel dense = new PanelConvKernel(g, planes, layer, packed, 0, 1, one, scratch);
        int segments = 0;
        for (int grp = 0; grp < packed.groups(); grp++) {
          segments = Math.max(segments, packed.segments(grp));
        }
        long macs = (long) g.pixels() * g.outChannels() * g.terms();
        Int8Kernel sparse = new PanelConvKernel(g, planes, layer, PanelWeights.sparse(g, planes, w, block), 0, 1,
            one, scratch);
        Int8Kernel empty = new PanelConvKernel(g, planes, layer,
            PanelWeights.sparse(g, planes, new byte[w.length], block), 0, 1, one, scratch);
        sparse.run(f);
        byte[] ys = f.get(1);
        dense.run(f);
        if (!Arrays.equals(ys, f.get(1)) || !Arrays.equals(ys, values.get(n.output()))) {
          throw new AssertionError(n.name() + ": dense and sparse disagree");
        }
        if (System.getProperty("emptyOnly") != null) {
          cpuNanos(empty, f, reps * 20, 1);
          continue;
        }
        for (int warm = 0; warm < 3; warm++) {
          cpuNanos(dense, f, reps, 1);
          cpuNanos(sparse, f, reps, 1);
          cpuNanos(empty, f, reps, 1);
        }
        double d = Double.MAX_VALUE;
        double s = Double.MAX_VALUE;
        double e = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
          d = Math.min(d, cpuNanos(dense, f, reps, 1) / 1e6);
          s = Math.min(s, cpuNanos(sparse, f, reps, 1) / 1e6);
          e = Math.min(e, cpuNanos(empty, f, reps, 1) / 1e6);
        }
        double im = cpuNanos(layout(g, f.get(0)), f, reps, 3) / 1e6;
        td += d;
        totalMacs += macs;
        ts += s;
        te += e;
        System.out.printf(Locale.ROOT,
            "| %s | %d->%d k%d s%d | %d | %d | %.3f | %.1f | %d | %.3f | %.3f | %.2fx | %.2fx | %.3f |%n",
            n.name(), g.inChannels(), g.outChannels(), g.kernelH(), g.strideH(), g.pixels(), planes.positions(), d,
            macs / d / 1e6, segments, s, e, d / s, (d - e) / (s - e), im);
      }
    }
    System.out.printf(Locale.ROOT,
        "total: dense %.2f ms (%.2f GMAC, %.1f GMAC/s), sparse %.2f ms, empty %.2f ms: %.2fx (net of empty %.2fx)%n",
        td, totalMacs / 1e9, totalMacs / td / 1e6, ts, te, td / ts, (td - te) / (ts - te));
  }
}
