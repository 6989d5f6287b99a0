package bsc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.ir.BscException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileWriterTest {
  @TempDir
  Path dir;

  private static final byte[] GOOD = "good old content".getBytes(StandardCharsets.UTF_8);

  @Test
  void replacesTheTargetWithTheNewContent() throws IOException {
    Path target = Files.write(dir.resolve("out.onnx"), GOOD);
    AtomicFileWriter.write(target, out -> out.write(new byte[] {1, 2, 3}));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(List.of(target), files());
  }

  @Test
  void createsAMissingTargetWithTheUsualPermissions() throws IOException {
    Path target = dir.resolve("new.onnx");
    Path plain = Files.createFile(dir.resolve("plain"));
    AtomicFileWriter.write(target, out -> out.write(7));
    assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
  }

  @Test
  void aFailureHalfwayLeavesTheTargetUntouchedAndNoTemporaryFile() throws IOException {
    Path target = Files.write(dir.resolve("out.onnx"), GOOD);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtomicFileWriter.write(target, out -> {
      out.write(new byte[100_000]);
      throw new IllegalStateException("disk on fire");
    }));
    assertEquals("disk on fire", e.getMessage());
    assertArrayEquals(GOOD, Files.readAllBytes(target));
    assertEquals(List.of(target), files());
  }

  @Test
  void anIoFailureIsBadInputNamingTheFile() throws IOException {
    Path target = Files.write(dir.resolve("out.onnx"), GOOD);
    BscException e = assertThrows(BscException.class, () -> AtomicFileWriter.write(target, out -> {
      throw new IOException("No space left on device");
    }));
    assertEquals(target.toString(), e.where());
    assertTrue(e.what().contains("No space left on device"), e.what());
    assertArrayEquals(GOOD, Files.readAllBytes(target));
    assertEquals(List.of(target), files());
  }

  @Test
  void aMissingDirectoryOrADirectoryTargetIsBadInput() {
    BscException missing = assertThrows(BscException.class,
        () -> AtomicFileWriter.write(dir.resolve("no/such/dir/out.onnx"), out -> out.write(1)));
    assertTrue(missing.what().contains("does not exist"), missing.what());
    BscException directory = assertThrows(BscException.class, () -> AtomicFileWriter.write(dir, out -> out.write(1)));
    assertTrue(directory.what().contains("is a directory"), directory.what());
  }

  @Test
  void aSymbolicLinkStaysAndItsFileIsReplaced() throws IOException {
    Path real = Files.write(dir.resolve("real.onnx"), GOOD);
    Path link = Files.createSymbolicLink(dir.resolve("link.onnx"), real.getFileName());
    AtomicFileWriter.write(link, out -> out.write(9));
    assertTrue(Files.isSymbolicLink(link));
    assertArrayEquals(new byte[] {9}, Files.readAllBytes(real));
    assertEquals(List.of(link, real), files());
  }

  @Test
  void aDeviceIsNotReplaced() {
    BscException e = assertThrows(BscException.class, () -> AtomicFileWriter.write(Path.of("/dev/null"), out -> {}));
    assertTrue(e.what().contains("not a regular file"), e.what());
    assertTrue(Files.exists(Path.of("/dev/null")));
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().equals("plain")).sorted().toList();
    }
  }
}
