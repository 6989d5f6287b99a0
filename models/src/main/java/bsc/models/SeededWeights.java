package bsc.models;

import bsc.ir.DataType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Deterministic synthetic weights. Every tensor draws from its own generator, seeded by the model seed,
 * the model name and the tensor name, so a tensor's values do not depend on the order in which a builder
 * creates tensors, and renaming or adding one tensor leaves all others unchanged.
 */
final class SeededWeights {
  /** Floats generated per bulk copy into the tensor's bytes (keeps the temporary array small). */
  private static final int CHUNK_FLOATS = 1 << 16;

  /**
   * Elements per random stream. A tensor's first 2^20 elements come from the stream seeded by its name (so
   * small tensors are one stream); each further 2^20 from a stream of their own, which lets the large ones
   * (VGG-16's 103 M-element fc6) be drawn on all cores with bytes independent of the thread count.
   */
  static final int STREAM_FLOATS = 1 << 20;

  private static final long GOLDEN = 0x9e3779b97f4a7c15L;

  private final String model;
  private final long seed;

  SeededWeights(String model, long seed) {
    this.model = model;
    this.seed = seed;
  }

  /** He (Kaiming) normal: N(0, 2 / fanIn), which keeps the second moment of ReLU activations constant. */
  Tensor heNormal(String name, Shape shape, long fanIn) {
    return normal(name, shape, 0, Math.sqrt(2.0 / fanIn));
  }

  Tensor normal(String name, Shape shape, double mean, double std) {
    return sample(name, shape, true, mean, std);
  }

  /** Uniform on [lo, hi). */
  Tensor uniform(String name, Shape shape, double lo, double hi) {
    return sample(name, shape, false, lo, hi - lo);
  }

  private Tensor sample(String name, Shape shape, boolean gaussian, double offset, double scale) {
    long tensorSeed = streamSeed(name);
    int n = Math.toIntExact(shape.elements());
    ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    int streams = (n + STREAM_FLOATS - 1) / STREAM_FLOATS;
    // Streams fill disjoint ranges, so the bytes do not depend on how many threads run them.
    IntStream range = IntStream.range(0, streams);
    (streams > 1 ? range.parallel() : range).forEach(k -> {
      SplittableRandom rng = new SplittableRandom(k == 0 ? tensorSeed : mix(tensorSeed + k * GOLDEN));
      FloatBuffer out = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      float[] chunk = new float[Math.min(n, CHUNK_FLOATS)];
      int end = (int) Math.min(n, (long) (k + 1) * STREAM_FLOATS);
      for (int at = k * STREAM_FLOATS; at < end; at += chunk.length) {
        int m = Math.min(chunk.length, end - at);
        if (gaussian) {
          fillGaussian(rng, chunk, m, offset, scale);
        } else {
          fillUniform(rng, chunk, m, offset, scale);
        }
        out.put(at, chunk, 0, m);
      }
    });
    return Tensor.wrap(DataType.FLOAT, shape, bytes);
  }

  // The inner loops are small methods of their own so the JIT compiles them after a few chunks, instead
  // of waiting for on-stack replacement inside one 100M-element tensor.
  private static void fillGaussian(SplittableRandom rng, float[] chunk, int m, double mean, double std) {
    for (int i = 0; i < m; i++) {
      chunk[i] = (float) (mean + std * rng.nextGaussian());
    }
  }

  private static void fillUniform(SplittableRandom rng, float[] chunk, int m, double lo, double width) {
    for (int i = 0; i < m; i++) {
      chunk[i] = (float) (lo + width * rng.nextDouble());
    }
  }

  /** FNV-1a of "model/name", combined with the seed and finished with SplitMix64's mixer. */
  private long streamSeed(String name) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (model + "/" + name).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return mix(h ^ (seed * GOLDEN));
  }

  /** SplitMix64's finalizer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
