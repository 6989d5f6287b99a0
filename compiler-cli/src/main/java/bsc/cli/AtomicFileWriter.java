package bsc.cli;

import bsc.ir.BscException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file bsc writes goes through here (DESIGN.md section 9): the content goes to a temporary file
 * in the target's directory, is forced to disk, and is renamed over the target. A failure at any point
 * deletes the temporary file and leaves the target as it was.
 */
public final class AtomicFileWriter {
  /** Writes the whole content of the file to {@code out}. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFileWriter() {}

  /**
   * Atomically replaces (or creates) {@code target} with what {@code content} writes. A symbolic link is
   * followed, so the link stays and its file is replaced; a target that exists but is not a regular file
   * (a device such as /dev/null, a pipe) is refused: renaming over it would replace the device node.
   */
  public static void write(Path target, Content content) {
    Path file = regularFile(target);
    Path temp = createTemp(file.getParent(), target);
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        content.writeTo(out);
        out.flush();
        ch.force(true);
      }
      moveOver(temp, file);
      moved = true;
    } catch (IOException e) {
      throw new BscException(target.toString(), "cannot write: " + e.getMessage());
    } finally {
      if (!moved) {
        deleteQuietly(temp);
      }
    }
  }

  /** The absolute path of the regular file to replace or create for {@code target}. */
  private static Path regularFile(Path target) {
    Path file = target.toAbsolutePath();
    try {
      if (Files.isSymbolicLink(file)) {
        file = file.toRealPath();
      }
    } catch (IOException e) {
      throw new BscException(target.toString(), "cannot write: cannot follow the link (" + e.getMessage() + ")");
    }
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new BscException(target.toString(), "cannot write: directory " + dir + " does not exist");
    }
    if (Files.isDirectory(file)) {
      throw new BscException(target.toString(), "cannot write: is a directory");
    }
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      throw new BscException(target.toString(), "cannot write: not a regular file");
    }
    return file;
  }

  /**
   * A new hidden file next to the target. Not {@code Files.createTempFile}: that creates mode 0600,
   * and the renamed result would then not get the permissions the user's umask gives new files.
   */
  private static Path createTemp(Path dir, Path target) {
    String base = "." + target.getFileName() + ".";
    for (int attempt = 0; ; attempt++) {
      Path temp = dir.resolve(base + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
      try {
        return Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        if (attempt > 100) {
          throw new BscException(target.toString(), "cannot create a temporary file in " + dir);
        }
      } catch (IOException e) {
        throw new BscException(target.toString(), "cannot write: " + e.getMessage());
      }
    }
  }

  private static void moveOver(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // Best effort: the write already failed and that failure is what the user needs to see.
    }
  }
}
