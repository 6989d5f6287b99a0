package bsc.tests.bench;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.ir.BscException;
import bsc.ir.Graph;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line per compilation: the SHA-256 of every emitted artifact (program.json, program.txt, weights.bin, the
 * kernel sources), for the 5 built-in models of the lowering matrix, dense and 50% 8x8, compacted (and 50% also
 * without compaction, the dense baseline a {@code bsc compile} builds), classifier on the array (the CLI's
 * default, except vgg16's), on a spread of arrays. Run on two builds and diff the outputs to show a change to the lowering
 * leaves every program byte-identical: {@code bench/program-digests.sh}.
 *   java ... bsc.tests.bench.ProgramDigests [ARRAY,...]
 */
public final class ProgramDigests {
  static final List<String> ARRAYS = List.of("2x2", "4x4", "7x7", "strix");

  private ProgramDigests() {}

  public static void main(String[] args) throws NoSuchAlgorithmException {
    List<String> arrays = args.length > 0 ? List.of(args[0].split(",")) : ARRAYS;
    for (String m : Aie2Bench.MATRIX_MODELS) {
      for (boolean sparse : new boolean[] {false, true}) {
        Graph g = Aie2Bench.model(m, sparse);
        for (String a : arrays) {
          // vgg16's classifier stays on the host (as in the paper): its 102M-weight FC layers take most of a
          // compilation's time (SimulatorOnModelsTest compiles it on 3x3, 4x4 and 8x8)
          LowerOptions o = new LowerOptions(true, m.equals("vgg16"), sparse ? 0.5 : 0, "8x8");
          print(m, sparse ? "50%" : "dense", a, g, o);
          if (sparse) {
            print(m, "50%-nocompaction", a, g, o.withCompaction(false));
          }
        }
      }
    }
  }

  /** The digests, or the error of a compilation that fails (the same error on both builds is the same output). */
  private static void print(String model, String density, String array, Graph g, LowerOptions o)
      throws NoSuchAlgorithmException {
    CompiledProgram p;
    try {
      p = Aie2Compiler.compile(g, TargetLoader.load(array), o);
    } catch (BscException e) {
      System.out.println(String.join(" ", model, density, array, "error:", e.getMessage()));
      return;
    }
    MessageDigest kernels = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, String> e : new TreeMap<>(p.kernels()).entrySet()) {
      kernels.update((e.getKey() + "\n" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    System.out.println(String.join(" ", model, density, array, sha(p.json()), sha(p.listing()), sha(p.weights()),
        HexFormat.of().formatHex(kernels.digest())));
  }

  private static String sha(String s) throws NoSuchAlgorithmException {
    return sha(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha(byte[] b) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
