package bsc.tests.bench;

import bsc.cli.Main;
import bsc.ir.Graph;
import bsc.ir.onnxio.OnnxImporter;
import bsc.sparsify.BlockShape;
import bsc.sparsify.PrunableLayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Import time of an ONNX file in a warm JVM (docs/BENCHMARKS.md, figure b), beside plain
 * {@code Files.readAllBytes} of the same file, the zero-block count that makes {@code inspect} touch
 * every weight (on a fresh mapping, then again on the same one), and a whole in-process {@code bsc
 * inspect}. Prints median and minimum of the timed runs, after untimed warm-up runs.
 *
 * <p>Usage: {@code ImportBench FILE.onnx [WARMUP [RUNS]]}; run by scripts/bench.sh.
 */
public final class ImportBench {
  private ImportBench() {}

  @FunctionalInterface
  interface Action {
    void run() throws IOException;
  }

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    System.out.printf(Locale.ROOT, "file: %s (%,d bytes), %d warm-up + %d timed runs each%n", file,
        Files.size(file), warmup, runs);
    long[] read = measure(warmup, runs, () -> Files.readAllBytes(file));
    long[] imp = measure(warmup, runs, () -> OnnxImporter.load(file));
    long[] fresh = measure(warmup, runs, () -> zeroBlocks(OnnxImporter.load(file)));
    Graph mapped = OnnxImporter.load(file);
    long[] again = measure(warmup, runs, () -> zeroBlocks(mapped));
    long[] inspect = measure(warmup, runs, () -> inspect(file));
    report("Files.readAllBytes", read, read);
    report("OnnxImporter.load", imp, read);
    report("load + count zero blocks", fresh, read);
    report("count zero blocks again", again, read);
    report("bsc inspect (in-process)", inspect, read);
  }

  /** Zero 8x8 blocks of every prunable layer: reads (at least) the first weight of every block. */
  private static long zeroBlocks(Graph g) {
    long zero = 0;
    for (PrunableLayer l : PrunableLayer.find(g)) {
      zero += l.grid(BlockShape.AIE2_DEFAULT).zeroBlocks(g.initializer(l.weight()));
    }
    return zero;
  }

  private static void inspect(Path file) {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    int code = Main.run(new String[] {"inspect", file.toString()}, sink, sink);
    if (code != 0) {
      throw new IllegalStateException("bsc inspect exited " + code);
    }
  }

  private static long[] measure(int warmup, int runs, Action action) throws IOException {
    for (int i = 0; i < warmup; i++) {
      action.run();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      action.run();
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static void report(String what, long[] sorted, long[] baseline) {
    double median = sorted[sorted.length / 2] / 1e6;
    double base = baseline[baseline.length / 2] / 1e6;
    System.out.printf(Locale.ROOT, "%-26s median %8.1f ms  min %8.1f ms  (%.2fx Files.readAllBytes)%n", what, median,
        sorted[0] / 1e6, median / base);
  }
}
