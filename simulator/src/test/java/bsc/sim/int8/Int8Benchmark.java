package bsc.sim.int8;

import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.ir.onnxio.OnnxExporter;
import bsc.models.BuiltinModels;
import bsc.sim.fp32.Fp32Executor;
import bsc.sparsify.LayerMask;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Speed of the INT8 executor on one model, every runtime in the same JVM on the same seeded image: INT8 dense
 * (every weight walked) on the model, INT8 block-sparse on its 50% 8x8 pruned copy, the pruned copy walked
 * densely, then the FP32 executor (ND4J) on the canonical graph and ONNX Runtime FP32 on the graph as built.
 *
 * <p>The three INT8 executors are warmed up and timed in interleaved rounds (one run of each per round), so
 * that JIT compilation and drift of the machine's speed fall on all three alike: the Vector API kernels are
 * ten times slower until C2 has compiled them, and a first executor timed alone after a short warm-up paid
 * for that (session 6's "dense model twice as slow" figure). Their worker threads park between runs. The
 * FP32 and ORT runtimes spin their threads after a run, so each is timed in its own block afterwards.
 * Whole-run and per-node times are medians over the rounds (a mean lets one slow run, a GC pause or a late
 * compilation, land on whichever node it hit); the report says how much JIT compilation happened while
 * timing. Used by {@code bench/int8-executor.sh}; prints markdown on stdout, progress on stderr.
 */
final class Int8Benchmark {
  private Int8Benchmark() {}

  /** Median wall time of {@code iterations} runs after {@code warmup}, in milliseconds. */
  private static double medianMillis(Runnable run, int warmup, int iterations) {
    for (int i = 0; i < warmup; i++) {
      run.run();
    }
    double[] t = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      run.run();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    return median(t);
  }

  static double median(double[] v) {
    double[] t = v.clone();
    Arrays.sort(t);
    int n = t.length;
    return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
  }

  /** Median whole-run milliseconds, median nanoseconds per node, and the logits of one run. */
  private record Int8Run(double millis, Map<String, Long> nodeNanos, byte[] logits) {}

  /** One INT8 executor's timed runs: whole-run milliseconds and per-node nanoseconds, run by run. */
  private static final class Timings {
    final Int8Executor executor;
    final List<Double> millis = new ArrayList<>();
    final Map<String, List<Long>> nodes = new LinkedHashMap<>();

    Timings(Int8Executor executor) {
      this.executor = executor;
    }

    void run(Map<String, Tensor> in, boolean record) {
      Map<String, Long> before = executor.nodeNanos();
      long t0 = System.nanoTime();
      executor.runQuantized(in);
      long t = System.nanoTime() - t0;
      if (!record) {
        return;
      }
      millis.add(t / 1e6);
      for (Map.Entry<String, Long> e : executor.nodeNanos().entrySet()) {
        nodes.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue() - before.get(e.getKey()));
      }
    }

    Int8Run result(Map<String, Tensor> in) {
      Map<String, Long> medians = new LinkedHashMap<>();
      for (Map.Entry<String, List<Long>> e : nodes.entrySet()) {
        medians.put(e.getKey(), Math.round(median(e.getValue().stream().mapToDouble(Long::doubleValue).toArray())));
      }
      byte[] y = executor.runQuantized(in).values().iterator().next().toByteArray();
      return new Int8Run(median(millis.stream().mapToDouble(Double::doubleValue).toArray()), medians, y);
    }
  }

  /** JIT compilation milliseconds so far (-1 when the JVM does not say). */
  private static long compileMillis() {
    CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : -1;
  }

  static String measure(String name, int threads, int warmup, int iterations, Supplier<String> load) {
    Graph canonical = BuiltinInt8.canonical(name, 0);
    Pruner.Result pruned = Pruner.prune(canonical, PruneOptions.paper(0.5));
    QuantizedModel dense = BuiltinInt8.quantize(canonical, 1, QuantOptions.defaults());
    QuantizedModel sparse = BuiltinInt8.quantize(pruned.graph(), 1, QuantOptions.defaults());
    Map<String, Tensor> in = BuiltinInt8.input(canonical, 42);
    Int8Executor.Options o = Int8Executor.Options.defaults().withThreads(threads);
    Int8Run d;
    Int8Run s;
    Int8Run sd;
    long jitWhileTiming;
    try (Int8Executor de = new Int8Executor(dense, o.withPath(Int8Executor.ConvPath.DENSE));
        Int8Executor se = new Int8Executor(sparse, o.withPath(Int8Executor.ConvPath.BLOCK_SPARSE));
        Int8Executor sde = new Int8Executor(sparse, o.withPath(Int8Executor.ConvPath.DENSE))) {
      List<Timings> all = List.of(new Timings(de), new Timings(se), new Timings(sde));
      System.err.println(name + ": INT8 dense, block-sparse and pruned-dense, " + warmup + " warm-up rounds");
      for (int r = 0; r < warmup; r++) {
        all.forEach(t -> t.run(in, false));
      }
      System.err.println(name + ": INT8, " + iterations + " timed rounds");
      long jit0 = compileMillis();
      for (int r = 0; r < iterations; r++) {
        all.forEach(t -> t.run(in, true));
      }
      jitWhileTiming = compileMillis() - jit0;
      d = all.get(0).result(in);
      s = all.get(1).result(in);
      sd = all.get(2).result(in);
    }
    if (!Arrays.equals(s.logits(), sd.logits())) {
      throw new AssertionError("dense and block-sparse walks of the pruned model disagree");
    }
    System.err.println(name + ": FP32 executor");
    Fp32Executor fp32 = new Fp32Executor(canonical, threads);
    double fp32Ms = medianMillis(() -> fp32.run(in), Math.min(warmup, 10), iterations);
    System.err.println(name + ": ONNX Runtime FP32");
    double ortMs;
    try (QdqOrt ort = new QdqOrt(OnnxExporter.toBytes(BuiltinModels.build(name)), threads, true)) {
      ortMs = medianMillis(() -> ort.run(in), Math.min(warmup, 10), iterations);
    }
    List<String> prunedConvs = new ArrayList<>();
    for (LayerMask lm : pruned.masks().list()) {
      if (lm.mask().zeroBlocks() > 0) {
        prunedConvs.add(lm.layer().node());
      }
    }
    String head = String.format(Locale.ROOT, "%d warm-up and %d timed rounds; JIT compilation while timing: %s.%n%n",
        warmup, iterations, jitWhileTiming < 0 ? "unknown" : jitWhileTiming + " ms");
    return report(name, threads, d, s, sd, fp32Ms, ortMs, prunedConvs, pruned, load.get(), head);
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2fx", a / b);
  }

  private static String report(String name, int threads, Int8Run d, Int8Run s, Int8Run sd, double fp32Ms,
      double ortMs, List<String> prunedConvs, Pruner.Result pruned, String load, String head) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "### %s, %d threads (load average at the end: %s)%n%n", name, threads, load));
    b.append(head);
    b.append("| runtime | median ms | vs ORT FP32 |\n|---|---:|---:|\n");
    String row = "| %s | %.1f | %s |%n";
    b.append(String.format(Locale.ROOT, row, "INT8 dense (bsc)", d.millis(), ratio(d.millis(), ortMs)));
    b.append(String.format(Locale.ROOT, row, "INT8 50% 8x8 block-sparse (bsc)", s.millis(), ratio(s.millis(), ortMs)));
    b.append(String.format(Locale.ROOT, row, "INT8 pruned model, dense walk (bsc)", sd.millis(),
        ratio(sd.millis(), ortMs)));
    b.append(String.format(Locale.ROOT, row, "FP32 executor (bsc, ND4J, canonical)", fp32Ms, ratio(fp32Ms, ortMs)));
    b.append(String.format(Locale.ROOT, row, "ONNX Runtime FP32", ortMs, "1.00x"));
    long dn = 0;
    long sn = 0;
    long sdn = 0;
    StringBuilder layers = new StringBuilder();
    for (String conv : prunedConvs) {
      long a = d.nodeNanos().get(conv);
      long c = s.nodeNanos().get(conv);
      long e = sd.nodeNanos().get(conv);
      dn += a;
      sn += c;
      sdn += e;
      LayerMask lm = pruned.masks().get(conv);
      layers.append(String.format(Locale.ROOT, "| %s | %d/%d | %.2f | %.2f | %.2f | %.2fx | %.2fx |%n", conv,
          lm.mask().zeroBlocks(), lm.mask().blocks(), a / 1e6, e / 1e6, c / 1e6, (double) a / c, (double) e / c));
    }
    b.append(String.format(Locale.ROOT, "%nThe %d pruned convs together: INT8 dense %.1f ms, block-sparse %.1f ms: "
        + "**%.2fx faster**; the pruned model's dense walk over the same weights %.1f ms (%.2fx).%n%n",
        prunedConvs.size(), dn / 1e6, sn / 1e6, (double) dn / sn, sdn / 1e6,
        (double) sdn / sn));
    b.append(others(d, s, prunedConvs));
    b.append("| pruned conv | zero blocks | dense model ms | pruned model, dense walk ms | sparse ms | speed-up "
        + "| vs dense walk |\n|---|---:|---:|---:|---:|---:|---:|\n");
    b.append(layers);
    return b.toString();
  }

  /** The nodes that are not pruned convs: their total, and the three slowest of the dense run. */
  private static String others(Int8Run d, Int8Run s, List<String> prunedConvs) {
    long dn = 0;
    long sn = 0;
    List<Map.Entry<String, Long>> rest = new ArrayList<>();
    for (Map.Entry<String, Long> e : d.nodeNanos().entrySet()) {
      if (!prunedConvs.contains(e.getKey())) {
        dn += e.getValue();
        sn += s.nodeNanos().getOrDefault(e.getKey(), 0L);
        rest.add(e);
      }
    }
    rest.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "The %d other nodes: %.1f ms dense, %.1f ms "
        + "sparse run; slowest (dense):", rest.size(), dn / 1e6, sn / 1e6));
    for (int i = 0; i < Math.min(3, rest.size()); i++) {
      b.append(String.format(Locale.ROOT, " %s %.2f ms%s", rest.get(i).getKey(), rest.get(i).getValue() / 1e6,
          i < 2 ? "," : "."));
    }
    return b.append("\n\n").toString();
  }

  /** Args: model names (default resnet50); --threads N, --warmup N, --iterations N. */
  public static void main(String[] args) {
    int threads = 2;
    int warmup = 30;
    int iterations = 15;
    List<String> models = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        default -> models.add(args[i]);
      }
    }
    if (models.isEmpty()) {
      models.add("resnet50");
    }
    for (String m : models) {
      System.out.println(measure(m, threads, warmup, iterations, Int8Benchmark::loadAverage));
    }
  }

  private static String loadAverage() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
