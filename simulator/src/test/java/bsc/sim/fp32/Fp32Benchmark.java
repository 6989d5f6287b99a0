package bsc.sim.fp32;

import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import bsc.ir.onnxio.OnnxExporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Warm single-image latency of the FP32 executor next to ONNX Runtime's Java API, in one JVM, with the
 * same thread count. Each side runs {@code warmup} untimed iterations, then {@code iterations} timed
 * ones; the median is reported. Used by {@code bench/fp32-executor.sh} to regenerate docs/BENCHMARKS.md.
 */
final class Fp32Benchmark {
  /** One model's result: bsc on the graph as built and canonicalized, ORT on the graph as built. */
  record Row(String model, long macs, double bscMillis, double bscCanonicalMillis, double ortMillis,
      double maxRelError) {
    double ratio() {
      return Math.min(bscMillis, bscCanonicalMillis) / ortMillis;
    }
  }

  private Fp32Benchmark() {}

  static Row measure(String name, Graph g, int threads, int warmup, int iterations) {
    Map<String, Tensor> inputs = seededInputs(g, 42);
    Graph canonical = bsc.ir.passes.PassManager.canonical().run(g);
    String out = g.outputs().get(0).name();
    double[] raw = time(new Fp32Executor(g, threads), inputs, warmup, iterations);
    Fp32Executor fast = new Fp32Executor(canonical, threads);
    double[] canon = time(fast, inputs, warmup, iterations);
    try (OrtRunner ort = new OrtRunner(OnnxExporter.toBytes(g), threads)) {
      double[] to = new double[iterations];
      for (int i = 0; i < warmup + iterations; i++) {
        long t0 = System.nanoTime();
        ort.run(inputs);
        if (i >= warmup) {
          to[i - warmup] = (System.nanoTime() - t0) / 1e6;
        }
      }
      double err = OrtRunner.maxRelativeError(ort.run(inputs).get(out), fast.run(inputs).get(out).toFloats());
      return new Row(name, g.totalMacs(), median(raw), median(canon), median(to), err);
    }
  }

  /**
   * Warm-up runs, then timed ones. Each side is timed in its own block, not alternating: both runtimes'
   * worker threads spin-wait after a run, which would steal the cores from whichever side ran next.
   */
  private static double[] time(Fp32Executor e, Map<String, Tensor> inputs, int warmup, int iterations) {
    double[] t = new double[iterations];
    for (int i = 0; i < warmup + iterations; i++) {
      long t0 = System.nanoTime();
      e.run(inputs);
      if (i >= warmup) {
        t[i - warmup] = (System.nanoTime() - t0) / 1e6;
      }
    }
    return t;
  }

  static Map<String, Tensor> seededInputs(Graph g, long seed) {
    Random r = new Random(seed);
    Map<String, Tensor> m = new LinkedHashMap<>();
    for (Value v : g.inputs()) {
      Shape s = v.type().shape();
      float[] x = new float[(int) s.elements()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      m.put(v.name(), Tensor.ofFloats(s, x));
    }
    return m;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| model | GMAC | bsc as built (ms) | bsc canonical (ms) | ONNX Runtime (ms) | ratio bsc/ORT"
        + " | max rel. error |\n");
    b.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      b.append(String.format(java.util.Locale.ROOT, "| %s | %.2f | %.1f | %.1f | %.1f | %.2fx | %.1e |%n",
          r.model(), r.macs() / 1e9, r.bscMillis(), r.bscCanonicalMillis(), r.ortMillis(), r.ratio(),
          r.maxRelError()));
    }
    return b.toString();
  }

  /** Writes a seeded N(0,1) float32 .npy of the given comma-separated shape (the input of the RSS run). */
  private static void writeNpy(java.nio.file.Path file, String dims) {
    long[] shape = Arrays.stream(dims.split(",")).mapToLong(Long::parseLong).toArray();
    Random r = new Random(42);
    float[] x = new float[(int) Shape.of(shape).elements()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    try {
      java.nio.file.Files.write(file, bsc.sim.io.NpyFormat.write(Tensor.ofFloats(Shape.of(shape), x)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Args: model names (built-in), ONNX paths or {@code convstack}; options --threads N, --warmup N,
   * --iterations N, --write-npy FILE N,C,H,W. Prints the markdown table on stdout, progress on stderr.
   */
  public static void main(String[] args) {
    int threads = Nd4jRuntime.DEFAULT_THREADS;
    int warmup = 3;
    int iterations = 10;
    List<String> models = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--write-npy" -> writeNpy(java.nio.file.Path.of(args[++i]), args[++i]);
        default -> models.add(args[i]);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (String m : models) {
      Row r = measure(m, BenchModels.load(m), threads, warmup, iterations);
      System.err.printf("%s: bsc %.1f / %.1f ms (as built / canonical), ORT %.1f ms (%.2fx)%n",
          m, r.bscMillis(), r.bscCanonicalMillis(), r.ortMillis(), r.ratio());
      rows.add(r);
    }
    System.out.print(table(rows));
  }
}
