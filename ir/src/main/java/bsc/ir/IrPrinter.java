package bsc.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one-line-per-node text form used by {@code bsc inspect} and the golden tests:
 * <pre>
 * %conv1 = Conv(%input, @conv1.weight) {kernel=7x7, stride=2, pad=3} : 1x64x112x112 f32  # 118.0M MAC
 * </pre>
 * {@code %} marks computed values and graph inputs, {@code @} initializers. Conv and pool windows are
 * summarised (kernel, stride, pad, dilation, group, fused activation), defaults omitted; other attributes
 * print as {@code name=value} in name order.
 */
public final class IrPrinter {
  private IrPrinter() {}

  public static String print(Graph g) {
    StringBuilder b = new StringBuilder();
    b.append("graph ").append(g.name()).append(" (opset ").append(g.opset()).append(")\n");
    for (Value v : g.inputs()) {
      b.append("  input %").append(v.name()).append(" : ").append(v.type()).append('\n');
    }
    for (Node n : g.nodes()) {
      b.append(line(g, n)).append('\n');
    }
    for (Value v : g.outputs()) {
      b.append("  output ").append(ref(g, v.name())).append(" : ").append(v.type()).append('\n');
    }
    return b.toString();
  }

  /** One node's line. */
  public static String line(Graph g, Node n) {
    StringBuilder b = new StringBuilder();
    List<String> outs = new ArrayList<>();
    for (String o : n.outputs()) {
      outs.add(o.isEmpty() ? "_" : "%" + o);
    }
    b.append(String.join(", ", outs)).append(" = ").append(n.op().onnxName()).append('(');
    List<String> ins = new ArrayList<>();
    for (String i : n.inputs()) {
      ins.add(i.isEmpty() ? "_" : ref(g, i));
    }
    b.append(String.join(", ", ins)).append(')');
    String attrs = attributes(g, n);
    if (!attrs.isEmpty()) {
      b.append(" {").append(attrs).append('}');
    }
    List<String> types = new ArrayList<>();
    for (String o : n.outputs()) {
      if (!o.isEmpty()) {
        types.add(String.valueOf(g.type(o)));
      }
    }
    b.append(" : ").append(String.join(", ", types));
    long macs = g.macs(n);
    if (macs > 0) {
      b.append("  # ").append(formatMacs(macs)).append(" MAC");
    }
    return b.toString();
  }

  private static String ref(Graph g, String v) {
    return (g.isInitializer(v) ? "@" : "%") + v;
  }

  /** 118.0M, 4.09G, 512.0K, 96: the printer's MAC form. */
  public static String formatMacs(long macs) {
    if (macs >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2fG", macs / 1e9);
    } else if (macs >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.1fM", macs / 1e6);
    } else if (macs >= 1_000L) {
      return String.format(Locale.ROOT, "%.1fK", macs / 1e3);
    }
    return Long.toString(macs);
  }

  private static String attributes(Graph g, Node n) {
    List<String> parts = new ArrayList<>();
    Attributes a = n.attrs();
    boolean window = n.op() == OpType.CONV || n.op() == OpType.MAX_POOL || n.op() == OpType.AVERAGE_POOL;
    if (window) {
      long[] kernel = a.getInts("kernel_shape", null);
      if (kernel == null && n.op() == OpType.CONV) {
        Shape w = g.type(n.input(1)).shape();
        kernel = new long[w.rank() - 2];
        for (int i = 0; i < kernel.length; i++) {
          kernel[i] = w.dim(2 + i);
        }
      }
      parts.add("kernel=" + join(kernel, "x"));
      addUnlessAll(parts, "stride", a.getInts("strides", null), 1);
      String autoPad = a.getString("auto_pad", "NOTSET");
      if (!autoPad.equals("NOTSET")) {
        parts.add("auto_pad=" + autoPad);
      }
      addUnlessAll(parts, "pad", a.getInts("pads", null), 0);
      addUnlessAll(parts, "dilation", a.getInts("dilations", null), 1);
      if (a.getInt("group", 1) != 1) {
        parts.add("group=" + a.getInt("group", 1));
      }
      if (a.getInt("ceil_mode", 0) != 0) {
        parts.add("ceil");
      }
      if (a.getInt("count_include_pad", 0) != 0) {
        parts.add("count_include_pad");
      }
      String act = a.getString("activation", null);
      if (act != null) {
        parts.add("act=" + activation(a, act));
      }
    }
    for (Map.Entry<String, Attribute> e : a.asMap().entrySet()) {
      String k = e.getKey();
      if (window && (k.equals("kernel_shape") || k.equals("strides") || k.equals("pads") || k.equals("dilations")
          || k.equals("group") || k.equals("auto_pad") || k.equals("ceil_mode") || k.equals("count_include_pad")
          || k.startsWith("activation"))) {
        continue;
      }
      parts.add(k + "=" + value(e.getValue()));
    }
    return String.join(", ", parts);
  }

  private static String activation(Attributes a, String act) {
    return switch (act) {
      case "clip" -> {
        float lo = a.getFloat("activation_min", 0);
        float hi = a.getFloat("activation_max", 6);
        yield lo == 0 && hi == 6 ? "relu6" : "clip(" + num(lo) + "," + num(hi) + ")";
      }
      case "leaky_relu" -> "leaky_relu(" + num(a.getFloat("activation_alpha", 0.01f)) + ")";
      default -> act;
    };
  }

  private static void addUnlessAll(List<String> parts, String name, long[] v, long dflt) {
    if (v == null) {
      return;
    }
    boolean allDefault = true;
    boolean allSame = true;
    for (long x : v) {
      allDefault &= x == dflt;
      allSame &= x == v[0];
    }
    if (!allDefault) {
      parts.add(name + "=" + (allSame ? Long.toString(v[0]) : join(v, name.equals("pad") ? "," : "x")));
    }
  }

  private static String join(long[] v, String sep) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        b.append(sep);
      }
      b.append(v[i]);
    }
    return b.toString();
  }

  private static String value(Attribute v) {
    if (v instanceof Attribute.Int i) {
      return Long.toString(i.value());
    } else if (v instanceof Attribute.Float f) {
      return num(f.value());
    } else if (v instanceof Attribute.Str s) {
      return s.value();
    } else if (v instanceof Attribute.Ints is) {
      return "[" + join(is.values(), ",") + "]";
    } else if (v instanceof Attribute.Floats fs) {
      List<String> p = new ArrayList<>();
      for (float x : fs.values()) {
        p.add(num(x));
      }
      return "[" + String.join(",", p) + "]";
    } else if (v instanceof Attribute.Strs ss) {
      return ss.values().toString();
    } else if (v instanceof Attribute.TensorValue t) {
      return "tensor<" + t.value().type() + ">";
    }
    return v.toString();
  }

  /** Shortest round-trip form of a float, without a trailing ".0". */
  static String num(float f) {
    String s = Float.toString(f);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }
}
