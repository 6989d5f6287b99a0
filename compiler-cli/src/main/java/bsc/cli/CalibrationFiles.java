package bsc.cli;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.Value;
import bsc.sparsify.quant.CalibrationInputs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code --calibration PATH}: a float32 .npy file, or a directory whose *.npy files are read in name order.
 * Each file holds one input of the (single-input) model, with or without its batch axis, or a batch of
 * them; every image becomes one calibration sample.
 */
final class CalibrationFiles {
  /** At most this many samples are used; more add time, not accuracy. */
  static final int MAX_SAMPLES = 4096;

  private CalibrationFiles() {}

  static CalibrationInputs read(Path path, Graph g) {
    if (g.inputs().size() != 1) {
      throw new BscException("--calibration", "calibration from .npy files needs a model with one input, this one has "
          + g.inputs().size());
    }
    Value input = g.inputs().get(0);
    List<Path> files = files(path);
    List<Map<String, Tensor>> samples = new ArrayList<>();
    for (Path f : files) {
      Tensor t = NpyFiles.read(f);
      for (Tensor sample : split(t, input, f.toString())) {
        if (samples.size() < MAX_SAMPLES) {
          samples.add(Map.of(input.name(), sample));
        }
      }
    }
    return CalibrationInputs.of(samples);
  }

  private static List<Path> files(Path path) {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new BscException(path.toString(), "no such file or directory");
    }
    try (Stream<Path> s = Files.list(path)) {
      List<Path> npy = s.filter(p -> p.getFileName().toString().endsWith(".npy") && Files.isRegularFile(p))
          .sorted().toList();
      if (npy.isEmpty()) {
        throw new BscException(path.toString(), "holds no .npy files");
      }
      return npy;
    } catch (IOException e) {
      throw new BscException(path.toString(), "cannot list: " + e.getMessage());
    }
  }

  /** The images of {@code t}: the input's shape, it without the batch axis, or a batch of either. */
  private static List<Tensor> split(Tensor t, Value input, String where) {
    Shape want = input.type().shape();
    long per = want.elements();
    long[] tail = want.toArray();
    boolean fits = t.elements() > 0 && t.elements() % per == 0;
    int skip = t.shape().rank() - (tail.length - 1); // leading axes of t that index images
    for (int i = 1; fits && i < tail.length; i++) {
      fits = skip >= 0 && t.shape().dim(skip + i - 1) == tail[i];
    }
    if (!fits) {
      throw new BscException(where, "shape " + t.shape() + " does not match the model input " + input.name() + " "
          + want + " (or a batch of it)");
    }
    List<Tensor> out = new ArrayList<>();
    long bytes = per * 4;
    ByteBuffer all = t.bytes();
    for (long i = 0; i < t.elements() / per; i++) {
      ByteBuffer b = all.duplicate();
      b.position((int) (i * bytes)).limit((int) ((i + 1) * bytes));
      out.add(Tensor.wrap(t.dtype(), want, b));
    }
    return out;
  }
}
