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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Speed of the INT8 executor on one model, every runtime in the same JVM on the same seeded image, each timed
 * in its own block (the runtimes' worker threads spin after a run and would steal the cores of whichever ran
 * next): INT8 dense (every weight walked) on the model, INT8 block-sparse on its 50% 8x8 pruned copy, the
 * FP32 executor (ND4J) on the canonical graph and ONNX Runtime FP32 on the graph as built. Per-layer times of
 * the pruned convs come from {@link Int8Executor#nodeNanos}, summed over the timed runs. Used by
 * {@code bench/int8-executor.sh}; prints markdown on stdout, progress on stderr.
 */
final class Int8Benchmark {
  private Int8Benchmark() {}

  /** Median wall time of {@code iterations} runs after {@code warmup}, in milliseconds. */
  private static double medianMillis(Runnable run, int warmup, int iterations, Runnable afterWarmup) {
    for (int i = 0; i < warmup; i++) {
      run.run();
    }
    afterWarmup.run();
    double[] t = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      run.run();
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return iterations % 2 == 1 ? t[iterations / 2] : (t[iterations / 2 - 1] + t[iterations / 2]) / 2;
  }

  private record Int8Run(double millis, Map<String, Long> nodeNanos, byte[] logits) {}

  private static Int8Run int8(QuantizedModel m, Int8Executor.ConvPath path, int threads, Map<String, Tensor> in,
      int warmup, int iterations) {
    try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults().withThreads(threads).withPath(path))) {
      double ms = medianMillis(() -> e.runQuantized(in), warmup, iterations, e::resetProfile);
      Map<String, Long> nanos = e.nodeNanos();
      byte[] y = e.runQuantized(in).values().iterator().next().toByteArray();
      return new Int8Run(ms, nanos, y);
    }
  }

  private static String ratio(double a, double b) {
    return String.format(Locale.ROOT, "%.2fx", a / b);
  }

  static String measure(String name, int threads, int warmup, int iterations, Supplier<String> load) {
    Graph canonical = BuiltinInt8.canonical(name, 0);
    Pruner.Result pruned = Pruner.prune(canonical, PruneOptions.paper(0.5));
    QuantizedModel dense = BuiltinInt8.quantize(canonical, 1, QuantOptions.defaults());
    QuantizedModel sparse = BuiltinInt8.quantize(pruned.graph(), 1, QuantOptions.defaults());
    Map<String, Tensor> in = BuiltinInt8.input(canonical, 42);
    System.err.println(name + ": INT8 dense");
    Int8Run d = int8(dense, Int8Executor.ConvPath.DENSE, threads, in, warmup, iterations);
    System.err.println(name + ": INT8 block-sparse");
    Int8Run s = int8(sparse, Int8Executor.ConvPath.BLOCK_SPARSE, threads, in, warmup, iterations);
    System.err.println(name + ": INT8 pruned model, dense walk");
    Int8Run sd = int8(sparse, Int8Executor.ConvPath.DENSE, threads, in, warmup, iterations);
    if (!Arrays.equals(s.logits(), sd.logits())) {
      throw new AssertionError("dense and block-sparse walks of the pruned model disagree");
    }
    System.err.println(name + ": FP32 executor");
    Fp32Executor fp32 = new Fp32Executor(canonical, threads);
    double fp32Ms = medianMillis(() -> fp32.run(in), warmup, iterations, () -> { });
    System.err.println(name + ": ONNX Runtime FP32");
    double ortMs;
    try (QdqOrt ort = new QdqOrt(OnnxExporter.toBytes(BuiltinModels.build(name)), threads, true)) {
      ortMs = medianMillis(() -> ort.run(in), warmup, iterations, () -> { });
    }
    List<String> prunedConvs = new ArrayList<>();
    for (LayerMask lm : pruned.masks().list()) {
      if (lm.mask().zeroBlocks() > 0) {
        prunedConvs.add(lm.layer().node());
      }
    }
    return report(name, threads, iterations, d, s, sd, fp32Ms, ortMs, prunedConvs, pruned, load.get());
  }

  private static String report(String name, int threads, int iterations, Int8Run d, Int8Run s, Int8Run sd,
      double fp32Ms, double ortMs, List<String> prunedConvs, Pruner.Result pruned, String load) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "### %s, %d threads (load average at the end: %s)%n%n", name, threads, load));
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
      layers.append(String.format(Locale.ROOT, "| %s | %d/%d | %.2f | %.2f | %.2fx |%n", conv,
          lm.mask().zeroBlocks(), lm.mask().blocks(), a / 1e6 / iterations, c / 1e6 / iterations, (double) a / c));
    }
    b.append(String.format(Locale.ROOT, "%nThe %d pruned convs together: INT8 dense %.1f ms, block-sparse %.1f ms: "
        + "**%.2fx faster**; the pruned model's dense walk over the same weights %.1f ms (%.2fx).%n%n",
        prunedConvs.size(), dn / 1e6 / iterations, sn / 1e6 / iterations, (double) dn / sn, sdn / 1e6 / iterations,
        (double) sdn / sn));
    b.append(others(d, s, prunedConvs, iterations));
    b.append("| pruned conv | zero blocks | dense ms | sparse ms | speed-up |\n|---|---:|---:|---:|---:|\n");
    b.append(layers);
    return b.toString();
  }

  /** The nodes that are not pruned convs: their total, and the three slowest of the dense run. */
  private static String others(Int8Run d, Int8Run s, List<String> prunedConvs, int iterations) {
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
        + "sparse run; slowest (dense):", rest.size(), dn / 1e6 / iterations, sn / 1e6 / iterations));
    for (int i = 0; i < Math.min(3, rest.size()); i++) {
      b.append(String.format(Locale.ROOT, " %s %.2f ms%s", rest.get(i).getKey(), rest.get(i).getValue() / 1e6 / iterations,
          i < 2 ? "," : "."));
    }
    return b.append("\n\n").toString();
  }

  /** Args: model names (default resnet50); --threads N, --warmup N, --iterations N. */
  public static void main(String[] args) {
    int threads = 2;
    int warmup = 3;
    int iterations = 10;
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
