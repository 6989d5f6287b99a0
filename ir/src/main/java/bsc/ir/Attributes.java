package bsc.ir;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** An immutable, name-sorted set of node attributes with typed getters. */
public final class Attributes {
  private static final Attributes EMPTY = new Attributes(new TreeMap<>());
  private final TreeMap<String, Attribute> map;

  private Attributes(TreeMap<String, Attribute> map) {
    this.map = map;
  }

  public static Attributes empty() {
    return EMPTY;
  }

  public static Attributes of(Map<String, Attribute> values) {
    return values.isEmpty() ? EMPTY : new Attributes(new TreeMap<>(values));
  }

  public Map<String, Attribute> asMap() {
    return Collections.unmodifiableSortedMap(map);
  }

  public boolean has(String name) {
    return map.containsKey(name);
  }

  public Attribute get(String name) {
    return map.get(name);
  }

  public Attributes with(String name, Attribute value) {
    TreeMap<String, Attribute> m = new TreeMap<>(map);
    m.put(name, value);
    return new Attributes(m);
  }

  public Attributes with(String name, long value) {
    return with(name, new Attribute.Int(value));
  }

  public Attributes with(String name, long[] values) {
    return with(name, new Attribute.Ints(values));
  }

  public Attributes with(String name, float value) {
    return with(name, new Attribute.Float(value));
  }

  public Attributes with(String name, String value) {
    return with(name, new Attribute.Str(value));
  }

  public Attributes without(String name) {
    if (!map.containsKey(name)) {
      return this;
    }
    TreeMap<String, Attribute> m = new TreeMap<>(map);
    m.remove(name);
    return new Attributes(m);
  }

  public long getInt(String name, long defaultValue) {
    Attribute a = map.get(name);
    if (a == null) {
      return defaultValue;
    }
    if (a instanceof Attribute.Int i) {
      return i.value();
    }
    throw wrongKind(name, "an integer");
  }

  public float getFloat(String name, float defaultValue) {
    Attribute a = map.get(name);
    if (a == null) {
      return defaultValue;
    }
    if (a instanceof Attribute.Float f) {
      return f.value();
    }
    if (a instanceof Attribute.Int i) {
      return i.value();
    }
    throw wrongKind(name, "a float");
  }

  public String getString(String name, String defaultValue) {
    Attribute a = map.get(name);
    if (a == null) {
      return defaultValue;
    }
    if (a instanceof Attribute.Str s) {
      return s.value();
    }
    throw wrongKind(name, "a string");
  }

  /** The integer list, or {@code defaultValue} (may be null) when absent. */
  public long[] getInts(String name, long[] defaultValue) {
    Attribute a = map.get(name);
    if (a == null) {
      return defaultValue == null ? null : defaultValue.clone();
    }
    if (a instanceof Attribute.Ints i) {
      return i.values();
    }
    if (a instanceof Attribute.Int i) {
      return new long[] {i.value()};
    }
    throw wrongKind(name, "a list of integers");
  }

  public float[] getFloats(String name, float[] defaultValue) {
    Attribute a = map.get(name);
    if (a == null) {
      return defaultValue == null ? null : defaultValue.clone();
    }
    if (a instanceof Attribute.Floats f) {
      return f.values();
    }
    throw wrongKind(name, "a list of floats");
  }

  public Tensor getTensor(String name) {
    Attribute a = map.get(name);
    if (a == null) {
      return null;
    }
    if (a instanceof Attribute.TensorValue t) {
      return t.value();
    }
    throw wrongKind(name, "a tensor");
  }

  private BscException wrongKind(String name, String kind) {
    return new BscException("", "attribute '" + name + "' must be " + kind);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attributes a && map.equals(a.map);
  }

  @Override
  public int hashCode() {
    return map.hashCode();
  }

  @Override
  public String toString() {
    return map.toString();
  }
}
