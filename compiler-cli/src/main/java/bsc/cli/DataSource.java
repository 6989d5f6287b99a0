package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.Tensor;
import bsc.sim.io.NpyFormat;
import bsc.sparsify.train.LabeledImages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A {@code --data} argument: {@code fashion-mnist} (the Debian package's IDX files, training or test split
 * as the command needs), or {@code IMAGES.npy,LABELS.npy}: float images (N, C, H, W) or (N, H, W) and
 * integer class labels (N).
 */
final class DataSource {
  static final String HELP = "fashion-mnist (Debian package dataset-fashion-mnist), or IMAGES.npy,LABELS.npy"
      + " (float32 N x C x H x W or N x H x W, integer labels N).";
  static final String FASHION_MNIST = "fashion-mnist";

  private DataSource() {}

  /** The training split ({@code train}) or the test split of {@code spec}; at most {@code limit} images. */
  static LabeledImages load(String spec, boolean train, int limit) {
    if (spec.equals(FASHION_MNIST)) {
      return LabeledImages.fashionMnist(train, limit);
    }
    String[] files = spec.split(",", -1);
    if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
      throw new BscException("--data", "expected '" + FASHION_MNIST + "' or IMAGES.npy,LABELS.npy, got '" + spec + "'");
    }
    Tensor images = readNpy(Path.of(files[0]));
    Tensor labels = readNpy(Path.of(files[1]));
    return LabeledImages.of(images, labels, spec, limit);
  }

  /** Whether {@code spec} names a data set that has its own test split (Fashion-MNIST). */
  static boolean hasTestSplit(String spec) {
    return spec.equals(FASHION_MNIST);
  }

  private static Tensor readNpy(Path p) {
    try {
      return NpyFormat.readNumeric(ByteBuffer.wrap(Files.readAllBytes(p)), p.toString());
    } catch (NoSuchFileException e) {
      throw new BscException(p.toString(), "no such file");
    } catch (IOException e) {
      throw new BscException(p.toString(), "cannot read: " + e.getMessage());
    }
  }
}
