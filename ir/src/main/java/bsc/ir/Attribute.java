package bsc.ir;

import java.util.Arrays;
import java.util.List;

/** A typed node attribute value, one of ONNX's attribute kinds that bsc supports. */
public sealed interface Attribute {
  record Int(long value) implements Attribute {}

  record Float(float value) implements Attribute {}

  record Str(String value) implements Attribute {}

  record TensorValue(Tensor value) implements Attribute {}

  record Strs(List<String> values) implements Attribute {
    public Strs {
      values = List.copyOf(values);
    }
  }

  /** Integer list; the array is never exposed for mutation. */
  final class Ints implements Attribute {
    private final long[] values;

    public Ints(long... values) {
      this.values = values.clone();
    }

    public long[] values() {
      return values.clone();
    }

    public int length() {
      return values.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ints i && Arrays.equals(values, i.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }

  /** Float list. */
  final class Floats implements Attribute {
    private final float[] values;

    public Floats(float... values) {
      this.values = values.clone();
    }

    public float[] values() {
      return values.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Floats f && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }
}
