package bsc.sparsify.train;

import bsc.ir.BscException;
import bsc.ir.DataType;
import bsc.ir.Shape;
import bsc.ir.Tensor;

/**
 * A classification data set in memory: {@code count} images of channels x height x width floats (NCHW,
 * one image after the other) and their class labels in [0, classes).
 */
public record LabeledImages(int count, int channels, int height, int width, int classes, float[] images,
    int[] labels) {
  public LabeledImages {
    long pixels = (long) count * channels * height * width;
    if (images.length != pixels || labels.length != count) {
      throw new IllegalArgumentException("expected " + pixels + " pixels and " + count + " labels, got "
          + images.length + " and " + labels.length);
    }
  }

  public int imageElements() {
    return channels * height * width;
  }

  /** Fashion-MNIST (train or test split) from the Debian package, at most {@code limit} images (all if 0). */
  public static LabeledImages fashionMnist(boolean train, int limit) {
    IdxDataset d = IdxDataset.fashionMnist(train, limit);
    return new LabeledImages(d.count(), 1, d.height(), d.width(), 10, d.images(), d.labels());
  }

  /**
   * Images as an (N, C, H, W) or (N, H, W) float tensor and labels as an (N) integer (or integral float)
   * tensor, e.g. read from a pair of .npy files; {@code where} names them in errors.
   */
  public static LabeledImages of(Tensor images, Tensor labels, String where, int limit) {
    Shape s = images.shape();
    if (!images.dtype().isFloat() || (s.rank() != 4 && s.rank() != 3)) {
      throw new BscException(where, "images must be a float (N, C, H, W) or (N, H, W) array, got " + images.type());
    }
    if (labels.shape().rank() != 1 || labels.shape().dim(0) != s.dim(0)) {
      throw new BscException(where, "labels must be a 1-D array of " + s.dim(0) + " class indices, got "
          + labels.type());
    }
    int n = (int) s.dim(0);
    int count = limit > 0 ? Math.min(limit, n) : n;
    int c = s.rank() == 4 ? (int) s.dim(1) : 1;
    int h = (int) s.dim(s.rank() - 2);
    int w = (int) s.dim(s.rank() - 1);
    float[] all = images.toFloats();
    float[] pixels = java.util.Arrays.copyOf(all, count * c * h * w);
    int[] y = new int[count];
    int classes = 0;
    for (int i = 0; i < count; i++) {
      double v = labels.getDouble(i);
      if (v != Math.rint(v) || v < 0 || v > 100_000) {
        throw new BscException(where, "label " + i + " is " + v + ", not a class index");
      }
      y[i] = (int) v;
      classes = Math.max(classes, y[i] + 1);
    }
    if (labels.dtype() == DataType.BOOL) {
      classes = 2;
    }
    return new LabeledImages(count, c, h, w, Math.max(classes, 2), pixels, y);
  }

  /** The first {@code n} examples (all when n is 0 or at least the count). */
  public LabeledImages limit(int n) {
    if (n <= 0 || n >= count) {
      return this;
    }
    return new LabeledImages(n, channels, height, width, classes,
        java.util.Arrays.copyOf(images, n * imageElements()), java.util.Arrays.copyOf(labels, n));
  }
}
