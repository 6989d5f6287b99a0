package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher records its class-data-sharing archive whenever the jar is newer than the archive, also when Maven
 * built the jar (no launcher build), and leaves a current archive alone. Runs a copy of ./bsc in a directory of its
 * own with a hard link to the built jar (no sources there, so the launcher never builds).
 */
class LauncherArchiveTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = ROOT.resolve("compiler-cli/target/bsc.jar");

  @Test
  void aJarWithoutACurrentArchiveGetsOneAndACurrentArchiveIsKept() throws Exception {
    assumeTrue(Files.isRegularFile(JAR), "compiler-cli/target/bsc.jar is built by the package phase");
    Path dir = Files.createTempDirectory(ROOT.resolve("tests/target"), "launcher");
    try {
      checkArchives(dir);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  private static void checkArchives(Path dir) throws Exception {
    Path target = Files.createDirectories(dir.resolve("compiler-cli/target"));
    Files.copy(ROOT.resolve("bsc"), dir.resolve("bsc"));
    Files.createLink(target.resolve("bsc.jar"), JAR);
    Path jsa = target.resolve("bsc.jsa");
    FileTime jarTime = Files.getLastModifiedTime(JAR);

    assertEquals("bsc ", version(dir).substring(0, 4)); // no archive yet: recorded
    assertTrue(Files.getLastModifiedTime(jsa).compareTo(jarTime) > 0, "archive recorded after the jar");

    Files.setLastModifiedTime(jsa, FileTime.fromMillis(jarTime.toMillis() - 60_000)); // as after `mvn package`
    version(dir);
    FileTime recorded = Files.getLastModifiedTime(jsa);
    assertTrue(recorded.compareTo(jarTime) > 0, "an archive older than the jar is recorded again");

    version(dir);
    assertEquals(recorded, Files.getLastModifiedTime(jsa), "a current archive is left alone");
  }

  private static String version(Path dir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", dir.resolve("bsc").toString(), "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "launcher did not finish");
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
