package bsc.tests.bench;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
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
 * default), on a spread of arrays. Run on two builds and diff the outputs to show a change to the lowering
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
          LowerOptions o = new LowerOptions(true, false, sparse ? 0.5 : 0, "8x8");
          print(m, sparse ? "50%" : "dense", a, Aie2Compiler.compile(g, TargetLoader.load(a), o));
          if (sparse) {
            print(m, "50%-nocompaction", a, Aie2Compiler.compile(g, TargetLoader.load(a), o.withCompaction(false)));
          }
        }
      }
    }
  }

  private static void print(String model, String density, String array, CompiledProgram p)
      throws NoSuchAlgorithmException {
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
