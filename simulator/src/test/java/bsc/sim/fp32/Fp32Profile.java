package bsc.sim.fp32;

import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the FP32 executor's time goes: runs a built-in model's canonical (or as-built) graph and prints
 * the milliseconds per inference by op kind (convs split by kernel size): the mean over the timed runs,
 * or with --fastest each node's fastest run (what is left once a loaded machine's preemptions are
 * filtered out). Args: MODEL [--as-built] [--iterations N] [--threads N] [--nodes] [--fastest].
 */
final class Fp32Profile {
  private Fp32Profile() {}

  public static void main(String[] args) {
    String model = args[0];
    boolean asBuilt = false;
    boolean perNode = false;
    boolean fastest = false;
    int iterations = 10;
    int threads = Nd4jRuntime.DEFAULT_THREADS;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--as-built" -> asBuilt = true;
        case "--nodes" -> perNode = true;
        case "--fastest" -> fastest = true;
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    Graph g = BenchModels.load(model);
    if (!asBuilt) {
      g = bsc.ir.passes.PassManager.canonical().run(g);
    }
    Fp32Executor e = new Fp32Executor(g, threads);
    Map<String, INDArray> in = new HashMap<>();
    for (Map.Entry<String, Tensor> t : Fp32Benchmark.seededInputs(g, 42).entrySet()) {
      in.put(t.getKey(), NdArrays.fromTensor(t.getValue()));
    }
    long[] nanos = new long[e.plan().size()];
    for (int i = 0; i < 3; i++) {
      e.runArrays(in).values().forEach(NdArrays::free);
    }
    long faults0 = minorFaults();
    long t0 = System.nanoTime();
    long[] best = new long[nanos.length];
    java.util.Arrays.fill(best, Long.MAX_VALUE);
    long[] one = new long[nanos.length];
    for (int i = 0; i < iterations; i++) {
      java.util.Arrays.fill(one, 0);
      e.runArrays(in, one).values().forEach(NdArrays::free);
      for (int j = 0; j < one.length; j++) {
        nanos[j] += one[j];
        best[j] = Math.min(best[j], one[j]);
      }
    }
    double bestSum = 0;
    for (long b : best) {
      bestSum += b / 1e6;
    }
    System.out.printf(Locale.ROOT, "sum over nodes of each node's fastest run: %.1f ms%n", bestSum);
    double wall = (System.nanoTime() - t0) / 1e6 / iterations;
    long faults = (minorFaults() - faults0) / iterations;
    Map<String, double[]> byKind = new TreeMap<>();
    double sum = 0;
    for (int i = 0; i < nanos.length; i++) {
      Node n = e.plan().get(i);
      double ms = fastest ? best[i] / 1e6 : nanos[i] / 1e6 / iterations;
      sum += ms;
      double[] s = byKind.computeIfAbsent(kind(n), k -> new double[2]);
      s[0] += ms;
      s[1]++;
      if (perNode) {
        System.out.printf(Locale.ROOT, "%8.3f ms %6.1f GFLOP/s  %s %s %s%n", ms, 2 * g.macs(n) / ms / 1e6, kind(n),
            n.name(), java.util.Arrays.toString(g.type(n.output()).shape().toArray()));
      }
    }
    System.out.printf(Locale.ROOT, "%s (%s): %.1f ms per inference (%.1f ms in nodes), %d nodes, %d minor page faults%n",
        model, asBuilt ? "as built" : "canonical", wall, sum, nanos.length, faults);
    for (Map.Entry<String, double[]> k : byKind.entrySet()) {
      System.out.printf(Locale.ROOT, "%-28s %4d nodes %8.2f ms %7.3f ms/node%n", k.getKey(), (int) k.getValue()[1],
          k.getValue()[0], k.getValue()[0] / k.getValue()[1]);
    }
  }

  /** The process's minor page faults so far (field 10 of /proc/self/stat). */
  private static long minorFaults() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static String kind(Node n) {
    String op = n.op().onnxName();
    if (op.equals("Conv")) {
      long[] k = n.attrs().getInts("kernel_shape", null);
      long[] s = n.attrs().getInts("strides", null);
      return op + " " + (k == null ? "?" : k[0] + "x" + k[k.length - 1])
          + (s != null && s[0] != 1 ? " s" + s[0] : "") + (n.attrs().getString("activation", null) != null ? " +act" : "");
    }
    return op;
  }
}
