package bsc.tests.aie2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.program.KernelCall;
import bsc.aie2.program.LayerProgram;
import bsc.ir.Graph;
import bsc.sim.int8.Int8Executor;
import bsc.sparsify.quant.QuantizedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emitted C++ kernels, compiled with g++ against the host AIE API emulation, compute exactly the INT8
 * executor's bytes on real sub-volumes: {@link KernelZoo} (one layer of each kernel kind) is quantized, compiled
 * dense and 50% block-sparse for a 2x2 array, every layer is replayed through the program's own DMA patterns
 * and locks ({@link LayerReplay}) to capture each kernel call's input tile and compacted weight chunk as the
 * core holds them, the calls run in one g++-built driver, and each output byte is compared with the executor's
 * value at the tensor position the program's WRITEFM takes it to.
 */
class EmittedKernelTest {
  /** One recorded call: its program, layer, replay record, global index of its first call's layer, expectation. */
  private record Run(String program, LayerProgram layer, LayerReplay.Call call, int layerBase, byte[] expected) {}

  @Test
  void everyEmittedKernelCallEqualsTheInt8ExecutorBitForBit(@TempDir Path dir) throws Exception {
    Map<String, String> kernels = new TreeMap<>();
    List<Run> runs = new ArrayList<>();
    Set<String> covered = new TreeSet<>();
    for (double sparsity : new double[] {0, 0.5}) {
      String tag = sparsity > 0 ? "sparse" : "dense";
      Graph g = KernelZoo.graph(sparsity);
      QuantizedModel m = KernelZoo.quantize(g);
      Map<String, byte[]> values;
      try (Int8Executor e = new Int8Executor(m, Int8Executor.Options.defaults().withThreads(1))) {
        values = e.runAllValues(KernelZoo.input(g));
      }
      CompiledProgram cp = Aie2Compiler.compile(m, TargetLoader.load("2x2"), LowerOptions.defaults());
      for (Map.Entry<String, String> k : cp.kernels().entrySet()) {
        String before = kernels.putIfAbsent(k.getKey(), k.getValue());
        assertTrue(before == null || before.equals(k.getValue()), "kernel " + k.getKey() + " differs between programs");
      }
      byte[] weights = cp.weights();
      for (LayerProgram l : cp.program().layers()) {
        if (!l.instructions().isEmpty()) {
          covered.add(tag + " " + replay(tag, cp, l, weights, values, runs) + (blocksSkipped(l) ? " (zero blocks skipped)" : ""));
        }
      }
    }
    List<byte[]> got = runAll(GppKernels.compile(kernels, dir), runs);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (int i = 0; i < runs.size(); i++) {
      Run x = runs.get(i);
      if (x.expected() == null) {
        continue;
      }
      checked++;
      int diff = firstDifference(x.expected(), got.get(i));
      if (diff >= 0) {
        failures.add(x.program() + " layer " + x.layer().name() + " " + x.call().call().kernel() + " core "
            + x.call().core() + " instruction " + x.call().instruction() + " iteration " + x.call().iteration()
            + ": byte " + diff + " is " + got.get(i)[diff] + ", executor " + x.expected()[diff]);
      }
    }
    assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())),
        failures.size() + " of " + checked + " kernel calls differ (first 10 shown)");
    for (String want : List.of("dense conv_bsr_7x7s2", "sparse conv_bsr_7x7s2 (zero blocks skipped)",
        "dense conv_bsr_3x3", "sparse conv_bsr_3x3 (zero blocks skipped)", "dense conv_bsr_1x1",
        "sparse conv_bsr_1x1 (zero blocks skipped)", "dense conv_bsr_1x1s2", "sparse conv_bsr_1x1s2 (zero blocks skipped)",
        "dense depthwise_3x3", "sparse depthwise_3x3", "dense add", "dense maxpool_3x3s2", "dense global_avgpool")) {
      assertTrue(covered.contains(want), "no " + want + " in " + covered);
    }
    assertTrue(runs.stream().anyMatch(r -> r.call().call().accumulate()), "no layer split over input channels");
  }

  /** Replays one layer, adds its calls with the executor's bytes for each requantized output; its kernel name. */
  private static String replay(String tag, CompiledProgram cp, LayerProgram l, byte[] weights, Map<String, byte[]> values,
      List<Run> runs) {
    LayerReplay r = new LayerReplay(cp.program(), l, weights);
    for (String in : l.inputs()) {
      r.place(in, values.get(in));
    }
    List<LayerReplay.Call> calls = r.run();
    LayerReplay.Origin[] origins = r.origins(l.output());
    byte[] out = values.get(l.output());
    assertTrue(distinct(out) >= Math.min(16, out.length / 4), l.name() + ": degenerate executor output, a weak test");
    int base = runs.size();
    boolean[][] known = new boolean[calls.size()][];
    for (LayerReplay.Call c : calls) {
      KernelCall k = c.call();
      int n = k.outRows() * k.outCols() * k.outChannels();
      runs.add(new Run(tag, l, c, base, k.requantize() ? new byte[n] : null));
      known[c.index()] = new boolean[k.requantize() ? n : 0];
    }
    for (int i = 0; i < origins.length; i++) {
      Run x = runs.get(base + origins[i].call());
      assertTrue(x.expected() != null, l.name() + ": INT32 partial sums reached the output tensor");
      x.expected()[origins[i].offset()] = out[i];
      known[origins[i].call()][origins[i].offset()] = true;
    }
    for (boolean[] k : known) {
      for (boolean b : k) {
        assertTrue(b, l.name() + ": a byte of a requantized output tile reaches no tensor element");
      }
    }
    return calls.get(0).call().kernel();
  }

  /**
   * Runs the calls in waves: a call that accumulates partial sums runs once every call whose output it reads
   * has run, with those INT32 bytes as its output slot's initial contents.
   */
  private static List<byte[]> runAll(GppKernels gpp, List<Run> runs) throws Exception {
    byte[][] got = new byte[runs.size()][];
    int done = 0;
    while (done < runs.size()) {
      List<Integer> wave = new ArrayList<>();
      List<GppKernels.Case> cases = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        Run x = runs.get(i);
        byte[] initial = got[i] == null ? initialOutput(x, got) : null;
        if (initial != null) {
          KernelCall k = x.call().call();
          int n = k.outRows() * k.outCols() * k.outChannels() * (k.requantize() ? 1 : Integer.BYTES);
          wave.add(i);
          cases.add(new GppKernels.Case(k, x.call().input(), x.call().input2(), x.call().weights(), initial, n));
        }
      }
      assertTrue(!wave.isEmpty(), "partial sums that no call produces");
      List<byte[]> outs = gpp.run(cases);
      for (int j = 0; j < wave.size(); j++) {
        got[wave.get(j)] = outs.get(j);
      }
      done += wave.size();
    }
    return List.of(got);
  }

  /** The output slot before the call, or null while a call it reads partial sums from has not run. */
  private static byte[] initialOutput(Run x, byte[][] got) {
    KernelCall k = x.call().call();
    int n = k.outRows() * k.outCols() * k.outChannels();
    byte[] slot = new byte[n * Integer.BYTES];
    if (!k.accumulate()) {
      return slot;
    }
    LayerReplay.Origin[] p = x.call().partialSums();
    for (int b = 0; b < p.length; b++) {
      byte[] from = got[x.layerBase() + p[b].call()];
      if (from == null) {
        return null;
      }
      slot[b] = from[p[b].offset()];
    }
    return slot;
  }

  private static boolean blocksSkipped(LayerProgram l) {
    return l.report().nonzeroBlocks() < l.report().totalBlocks();
  }

  private static int distinct(byte[] b) {
    boolean[] seen = new boolean[256];
    int n = 0;
    for (byte v : b) {
      n += seen[v & 0xff] ? 0 : 1;
      seen[v & 0xff] = true;
    }
    return n;
  }

  private static int firstDifference(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return -1;
  }
}
