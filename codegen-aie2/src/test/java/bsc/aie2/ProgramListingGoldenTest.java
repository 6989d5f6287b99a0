package bsc.aie2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import bsc.aie2.lower.LowerOptions;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Golden text of program.txt ({@link ProgramListing}) for tiny_cnn, 50% block-sparse, on a 2x2 array: every
 * line of the listing (buffers, layer headers, instructions, transfers with their access patterns, kernel
 * calls, locks) is compared with the checked-in file, and the first differing line is reported.
 *
 * <p>When a change to the lowering or the listing is intended, regenerate the file and review its diff:
 * <pre>
 *   mvn -B -o -q -pl codegen-aie2 -am test -Dtest=ProgramListingGoldenTest -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dbsc.golden.update=true
 *   git diff codegen-aie2/src/test/resources/bsc/aie2/golden/
 * </pre>
 */
class ProgramListingGoldenTest {
  static final Path GOLDEN =
      Path.of("src", "test", "resources", "bsc", "aie2", "golden", "tiny_cnn-s50-2x2.program.txt");

  @Test
  void tinyCnnHalfSparseOnTwoByTwoListsAsTheGoldenFile() throws IOException {
    Graph g = PassManager.canonical().run(BuiltinModels.build("tiny_cnn"));
    g = Pruner.prune(g, PruneOptions.paper(0.5)).graph();
    LowerOptions o = new LowerOptions(true, false, 0.5, "8x8");
    String listing = Aie2Compiler.compile(g, TargetLoader.load("2x2"), o).listing();
    if (Boolean.getBoolean("bsc.golden.update")) {
      Files.createDirectories(GOLDEN.getParent());
      Files.writeString(GOLDEN, listing, StandardCharsets.UTF_8);
    }
    if (!Files.exists(GOLDEN)) {
      fail("missing " + GOLDEN.toAbsolutePath() + " (regenerate it: see this test's comment)");
    }
    String[] want = Files.readString(GOLDEN, StandardCharsets.UTF_8).split("\n", -1);
    String[] got = listing.split("\n", -1);
    for (int i = 0; i < Math.min(want.length, got.length); i++) {
      assertEquals(want[i], got[i], "program.txt line " + (i + 1) + " differs from " + GOLDEN);
    }
    assertEquals(want.length, got.length, "program.txt has " + got.length + " lines, the golden file " + want.length);
  }
}
