package bsc.sparsify.train;

import bsc.ir.BscException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Images and labels in the IDX format of MNIST and Fashion-MNIST (optionally gzip-compressed): images
 * as unsigned bytes scaled to [0, 1], one channel, NCHW.
 */
public record IdxDataset(int count, int height, int width, float[] images, int[] labels) {
  /** Where Debian's dataset-fashion-mnist package puts the files. */
  public static final List<Path> FASHION_MNIST_DIRS = List.of(
      Path.of("/usr/share/datasets/fashion-mnist"), Path.of("/usr/share/fashion-mnist"));
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  /** Limit on images read from one file (Fashion-MNIST has 60,000): hostile headers fail fast. */
  private static final int MAX_IMAGES = 10_000_000;

  /** The Fashion-MNIST training (true) or test (false) split from the first directory that has it. */
  public static IdxDataset fashionMnist(boolean train, int limit) {
    String prefix = train ? "train" : "t10k";
    for (Path dir : FASHION_MNIST_DIRS) {
      Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
      Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
      if (Files.isRegularFile(images) && Files.isRegularFile(labels)) {
        return read(images, labels, limit);
      }
    }
    throw new BscException("fashion-mnist", "data not found in " + FASHION_MNIST_DIRS
        + " (install the Debian package dataset-fashion-mnist)");
  }

  /** Reads at most {@code limit} examples (all when limit <= 0). */
  public static IdxDataset read(Path imagesFile, Path labelsFile, int limit) {
    try (DataInputStream img = open(imagesFile); DataInputStream lab = open(labelsFile)) {
      if (img.readInt() != IMAGES_MAGIC) {
        throw new BscException(imagesFile.toString(), "not an IDX image file (bad magic number)");
      }
      int n = img.readInt();
      int h = img.readInt();
      int w = img.readInt();
      if (lab.readInt() != LABELS_MAGIC) {
        throw new BscException(labelsFile.toString(), "not an IDX label file (bad magic number)");
      }
      int nl = lab.readInt();
      if (n < 0 || n > MAX_IMAGES || h <= 0 || w <= 0 || h > 4096 || w > 4096 || nl != n) {
        throw new BscException(imagesFile.toString(), "implausible IDX header: " + n + " images of " + h + "x" + w
            + ", " + nl + " labels");
      }
      int count = limit > 0 ? Math.min(limit, n) : n;
      byte[] pixels = new byte[Math.multiplyExact(Math.multiplyExact(count, h), w)];
      img.readFully(pixels);
      byte[] labelBytes = new byte[count];
      lab.readFully(labelBytes);
      float[] images = new float[pixels.length];
      for (int i = 0; i < pixels.length; i++) {
        images[i] = (pixels[i] & 0xff) / 255f;
      }
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = labelBytes[i] & 0xff;
      }
      return new IdxDataset(count, h, w, images, labels);
    } catch (NoSuchFileException e) {
      throw new BscException(e.getFile(), "no such file");
    } catch (IOException e) {
      throw new BscException(imagesFile.toString(), "cannot read IDX data: " + e.getMessage());
    }
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream in = new java.io.BufferedInputStream(Files.newInputStream(p), 1 << 16);
    if (p.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new DataInputStream(in);
  }
}
