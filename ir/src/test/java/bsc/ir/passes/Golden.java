package bsc.ir.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import bsc.ir.Graph;
import bsc.ir.IrPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden text tests: {@link IrPrinter} output before and after a pass, compared exactly with
 * {@code golden/passes/<pass>.before.txt} and {@code .after.txt}. Run with {@code -Dbsc.updateGolden=true}
 * to rewrite the files under src/test/resources, then read the diff before committing it.
 */
final class Golden {
  private static final String DIR = "golden/passes/";

  private Golden() {}

  /** Checks {@code before} and the pass's result against the golden files; returns the result. */
  static Graph assertPass(Pass pass, Graph before) {
    assertMatches(pass.name() + ".before.txt", IrPrinter.print(before));
    Graph after = pass.run(before);
    assertNotSame(before, after, pass.name() + " changed nothing");
    assertMatches(pass.name() + ".after.txt", IrPrinter.print(after));
    return after;
  }

  static void assertMatches(String file, String actual) {
    if (Boolean.getBoolean("bsc.updateGolden")) {
      write(Path.of("src/test/resources", DIR, file), actual);
      return;
    }
    try (InputStream in = Golden.class.getClassLoader().getResourceAsStream(DIR + file)) {
      assertNotNull(in, "no golden file " + DIR + file + " (run with -Dbsc.updateGolden=true)");
      assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, DIR + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path p, String text) {
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
