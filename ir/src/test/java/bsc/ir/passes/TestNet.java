package bsc.ir.passes;

import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import java.util.Random;

/**
 * Builds small test graphs with seeded random weights. BatchNormalization gets non-trivial statistics
 * (gamma and variance away from 1, mean and beta away from 0, epsilon 1e-3) so that any slip in a fold
 * formula shows in the outputs.
 */
final class TestNet {
  final Graph.Builder b;
  private final Random rnd;

  TestNet(String name, long seed) {
    this.b = Graph.builder(name);
    this.rnd = new Random(seed);
  }

  String input(String name, long... dims) {
    b.addInput(name, TensorType.of(DataType.FLOAT, dims));
    return name;
  }

  /** Gaussian values times {@code scale}. */
  String gaussian(String name, double scale, long... dims) {
    float[] v = new float[Math.toIntExact(Shape.of(dims).elements())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (rnd.nextGaussian() * scale);
    }
    b.addInitializer(name, Tensor.ofFloats(Shape.of(dims), v));
    return name;
  }

  String uniform(String name, double lo, double hi, long... dims) {
    float[] v = new float[Math.toIntExact(Shape.of(dims).elements())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (lo + rnd.nextDouble() * (hi - lo));
    }
    b.addInitializer(name, Tensor.ofFloats(Shape.of(dims), v));
    return name;
  }

  String scalar(String name, float value) {
    b.addInitializer(name, Tensor.ofFloats(Shape.scalar(), new float[] {value}));
    return name;
  }

  /** A 1-D int64 constant. */
  String longs(String name, long... values) {
    b.addInitializer(name, Tensor.scalarLongs(values));
    return name;
  }

  /** A rank-0 int64 constant (a Gather index that drops the axis). */
  String scalarLong(String name, long value) {
    b.addInitializer(name, Tensor.ofLongs(Shape.scalar(), new long[] {value}));
    return name;
  }

  /** A k x k conv with "same" padding and He-scaled weights {@code name.weight}, bias {@code name.bias}. */
  String conv(String name, String x, int cin, int cout, int k, boolean bias, Attributes extra) {
    long group = extra.getInt("group", 1);
    String w = gaussian(name + ".weight", Math.sqrt(2.0 / (cin / group * k * k)), cout, cin / group, k, k);
    Attributes attrs = k > 1 ? extra.with("pads", new long[] {k / 2, k / 2, k / 2, k / 2}) : extra;
    return bias
        ? b.add(OpType.CONV, name, attrs, x, w, gaussian(name + ".bias", 0.1, cout))
        : b.add(OpType.CONV, name, attrs, x, w);
  }

  String conv(String name, String x, int cin, int cout, int k) {
    return conv(name, x, cin, cout, k, true, Attributes.empty());
  }

  String bn(String name, String x, int channels) {
    return b.add(OpType.BATCH_NORMALIZATION, name, Attributes.empty().with("epsilon", 1e-3f), x,
        uniform(name + ".gamma", 0.5, 1.5, channels),
        gaussian(name + ".beta", 0.5, channels),
        gaussian(name + ".mean", 0.5, channels),
        uniform(name + ".var", 0.5, 2.0, channels));
  }

  String op(OpType op, String name, String... inputs) {
    return b.add(op, name, Attributes.empty(), inputs);
  }

  String op(OpType op, String name, Attributes attrs, String... inputs) {
    return b.add(op, name, attrs, inputs);
  }

  Graph build(String... outputs) {
    for (String o : outputs) {
      b.addOutput(o);
    }
    return b.build();
  }
}
