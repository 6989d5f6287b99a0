package bsc.tests.bench;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The AIE2 backend's figures, each mode printing Markdown:
 * <ul>
 *   <li>{@code matrix}: every paper array (2x2..8x8) compiles (lowering + program verifier) resnet50, inception_v3,
 *       vgg16, resnet18 and mobilenet_v2, dense and 50% block-sparse; one row per model and density.
 *   <li>{@code weights}: weights.bin of the three paper models on 4x4 (the paper's logged configuration), dense
 *       without compaction against 50% 8x8 compacted, classifier excluded as in the paper, with the paper's
 *       logged DDR parameter sizes (paper-facts.md section 4.2 [LOG]).
 *   <li>{@code speed}: lowering + verification of resnet50 on 4x4 warm (median), and all 7 arrays x 3 paper models
 *       x {dense, 50%} in one process from a cold start, each next to a fixed CPU-bound reference workload run in
 *       the same process, so the ratio carries over between loaded and quiet machines.
 * </ul>
 *   java ... bsc.tests.bench.Aie2Bench matrix|weights|speed
 */
public final class Aie2Bench {
  static final List<String> PAPER_MODELS = List.of("resnet50", "inception_v3", "vgg16");
  static final List<String> MATRIX_MODELS = List.of("resnet50", "inception_v3", "vgg16", "resnet18", "mobilenet_v2");
  /** The paper's arrays, then the real parts' presets. */
  static final List<String> MATRIX_ARRAYS = java.util.stream.Stream.concat(TargetLoader.PAPER_ARRAYS.stream(),
      java.util.stream.Stream.of("phoenix", "hawkpoint", "strix", "ve2802")).toList();
  /** The paper's logged DDR parameter bytes, dense and sparse, paper-facts.md section 4.2 [LOG] (4x4). */
  static final long[][] PAPER_PARAMETER_BYTES = {{24_037_376L, 12_292_096L}, {22_154_560L, 11_269_440L},
      {14_819_456L, 7_440_512L}};
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private Aie2Bench() {}

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "speed";
    switch (mode) {
      case "matrix" -> matrix();
      case "weights" -> weights();
      case "speed" -> speed();
      default -> throw new IllegalArgumentException("mode: matrix, weights or speed");
    }
  }

  /** The canonical model, pruned to 50% 8x8 blocks in the paper's setting when {@code sparse}. */
  static Graph model(String name, boolean sparse) {
    Graph g = PassManager.canonical().run(BuiltinModels.build(name));
    return sparse ? Pruner.prune(g, PruneOptions.paper(0.5)).graph() : g;
  }

  static LowerOptions options(boolean sparse, boolean compaction) {
    return new LowerOptions(compaction, true, sparse ? 0.5 : 0, "8x8");
  }

  static void matrix() {
    System.out.println("| model | density | " + String.join(" | ", MATRIX_ARRAYS) + " |");
    System.out.println("|---|---|" + "---|".repeat(MATRIX_ARRAYS.size()));
    int failures = 0;
    for (String m : MATRIX_MODELS) {
      for (boolean sparse : new boolean[] {false, true}) {
        Graph g = model(m, sparse);
        StringBuilder row = new StringBuilder("| " + m + " | " + (sparse ? "50%" : "dense") + " |");
        for (String a : MATRIX_ARRAYS) {
          try {
            CompiledProgram p = Aie2Compiler.compile(g, TargetLoader.load(a), options(sparse, true));
            row.append(String.format(Locale.ROOT, " ok %d |", instructions(p)));
          } catch (BscException e) {
            failures++;
            row.append(" FAILS: ").append(e.getMessage().replace('|', '/')).append(" |");
          }
        }
        System.out.println(row);
      }
    }
    System.out.println();
    System.out.println(failures == 0 ? "All " + MATRIX_MODELS.size() * 2 * MATRIX_ARRAYS.size()
        + " compilations lowered and verified (each cell: ok and the program's instruction count)."
        : failures + " compilations failed.");
  }

  private static int instructions(CompiledProgram p) {
    return p.program().layers().stream().mapToInt(l -> l.instructions().size()).sum();
  }

  static void weights() {
    List<long[]> rows = new ArrayList<>();
    System.out.println("| model | bsc dense, no compaction | bsc 50% compacted | sparse/dense | paper dense"
        + " | paper sparse | paper sparse/dense | bsc/paper dense | bsc/paper sparse |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < PAPER_MODELS.size(); i++) {
      Graph g = model(PAPER_MODELS.get(i), true);
      long dense = weightBytes(g, false);
      long sparse = weightBytes(g, true);
      long[] paper = PAPER_PARAMETER_BYTES[i];
      rows.add(new long[] {dense, sparse, convWeights(g, false), convWeights(g, true)});
      System.out.printf(Locale.ROOT, "| %s | %,d B | %,d B | %.1f%% | %,d B | %,d B | %.1f%% | %.3f | %.3f |%n",
          PAPER_MODELS.get(i), dense, sparse, 100.0 * sparse / dense, paper[0], paper[1], 100.0 * paper[1] / paper[0],
          (double) dense / paper[0], (double) sparse / paper[1]);
    }
    System.out.println();
    System.out.println("| model | INT8 conv weights, dense | in kept blocks, 50% | bsc overhead dense"
        + " | bsc overhead 50%"
        + " | paper overhead dense | paper overhead 50% |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < PAPER_MODELS.size(); i++) {
      long[] r = rows.get(i);
      long[] paper = PAPER_PARAMETER_BYTES[i];
      System.out.printf(Locale.ROOT, "| %s | %,d B | %,d B | %s | %s | %s | %s |%n", PAPER_MODELS.get(i), r[2], r[3],
          share(r[0] - r[2], r[0]), share(r[1] - r[3], r[1]), share(paper[0] - r[2], paper[0]),
          share(paper[1] - r[3], paper[1]));
    }
  }

  /**
   * Conv weight elements (one INT8 byte each) of the graph, all or only the nonzero ones, without the
   * classifier (canonicalization turns FC layers into convs on a 1x1 map; the lowering excludes them).
   */
  static long convWeights(Graph g, boolean nonzeroOnly) {
    long n = 0;
    for (bsc.ir.Node node : g.nodes()) {
      bsc.ir.Shape in = g.type(node.input(0)).shape();
      if (node.op() != bsc.ir.OpType.CONV || (in.rank() == 4 && in.dim(2) == 1 && in.dim(3) == 1)) {
        continue;
      }
      java.nio.FloatBuffer w = g.initializer(node.input(1)).bytes().asFloatBuffer();
      if (!nonzeroOnly) {
        n += w.remaining();
        continue;
      }
      while (w.hasRemaining()) {
        n += w.get() != 0f ? 1 : 0;
      }
    }
    return n;
  }

  private static String share(long part, long whole) {
    return String.format(Locale.ROOT, "%,d B (%.1f%%)", part, 100.0 * part / whole);
  }

  /** weights.bin bytes of the 50%-pruned model on 4x4, with or without compaction. */
  static long weightBytes(Graph pruned, boolean compaction) {
    CompiledProgram p = Aie2Compiler.compile(pruned, TargetLoader.load("4x4"), options(true, compaction));
    long n = p.weights().length;
    if (n != p.program().settings().weightsFileBytes()) {
      throw new IllegalStateException("weights.bin is " + n + " bytes, the program says "
          + p.program().settings().weightsFileBytes());
    }
    return n;
  }

  static void speed() {
    System.out.printf(Locale.ROOT, "reference workload (sort of 2M seeded longs): %.1f ms median%n", reference(7));
    long wall0 = System.nanoTime();
    long cpu0 = CPU.getCurrentThreadCpuTime();
    List<Graph[]> models = new ArrayList<>();
    for (String m : PAPER_MODELS) {
      models.add(new Graph[] {model(m, false), model(m, true)});
    }
    double prepWall = (System.nanoTime() - wall0) / 1e6;
    double prepCpu = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e6;
    long wall1 = System.nanoTime();
    long cpu1 = CPU.getCurrentThreadCpuTime();
    int compiled = 0;
    for (String a : TargetLoader.PAPER_ARRAYS) {
      for (Graph[] pair : models) {
        for (int s = 0; s < 2; s++) {
          Aie2Compiler.compile(pair[s], TargetLoader.load(a), options(s == 1, true));
          compiled++;
        }
      }
    }
    double allWall = (System.nanoTime() - wall1) / 1e6;
    double allCpu = (CPU.getCurrentThreadCpuTime() - cpu1) / 1e6;
    double ref1 = reference(5);
    System.out.printf(Locale.ROOT, "models built, canonicalized and pruned (3 models x {dense, 50%%}): %.0f ms wall,"
        + " %.0f ms CPU%n", prepWall, prepCpu);
    System.out.printf(Locale.ROOT, "%d compilations (lowering + verifier), cold JVM: %.0f ms wall, %.0f ms CPU,"
        + " %.1fx the reference%n", compiled, allWall, allCpu, allWall / ref1);
    Graph r50 = models.get(0)[1];
    double[] warm = warm(r50, 10, 15);
    double ref2 = reference(5);
    System.out.printf(Locale.ROOT, "resnet50 50%% on 4x4, warm (10 warm-ups, median of 15): %.1f ms wall, %.1f ms CPU,"
        + " %.2fx the reference (%.1f ms now)%n", warm[0], warm[1], warm[0] / ref2, ref2);
    double[] warmDense = warm(models.get(0)[0], 3, 15);
    System.out.printf(Locale.ROOT, "resnet50 dense on 4x4, warm: %.1f ms wall, %.1f ms CPU%n", warmDense[0],
        warmDense[1]);
  }

  private static double[] warm(Graph g, int warmups, int runs) {
    for (int i = 0; i < warmups; i++) {
      Aie2Compiler.compile(g, TargetLoader.load("4x4"), options(true, true));
    }
    double[] wall = new double[runs];
    double[] cpu = new double[runs];
    for (int i = 0; i < runs; i++) {
      long w = System.nanoTime();
      long c = CPU.getCurrentThreadCpuTime();
      Aie2Compiler.compile(g, TargetLoader.load("4x4"), options(true, true));
      cpu[i] = (CPU.getCurrentThreadCpuTime() - c) / 1e6;
      wall[i] = (System.nanoTime() - w) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    return new double[] {wall[runs / 2], cpu[runs / 2]};
  }

  /** Median wall milliseconds of a fixed CPU-bound job: sorting the same 2M seeded longs. */
  static double reference(int runs) {
    long[] data = new Random(42).longs(2_000_000).toArray();
    double[] ms = new double[runs];
    long sink = 0;
    for (int i = 0; i < runs; i++) {
      long[] copy = data.clone();
      long t = System.nanoTime();
      Arrays.sort(copy);
      ms[i] = (System.nanoTime() - t) / 1e6;
      sink += copy[i];
    }
    if (sink == 42) {
      System.out.print("");
    }
    Arrays.sort(ms);
    return ms[runs / 2];
  }
}
