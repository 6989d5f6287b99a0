package bsc.ir.passes;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpSchema;
import bsc.ir.OpType;
import bsc.ir.Value;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks the IR invariants every pass must preserve: each value is defined once and has a type, nodes
 * are in topological order (every input defined before it is read), node names are unique, arities fit
 * the op schemas, graph outputs are defined, and fused conv activations are well formed.
 * {@link Graph.Builder#build()} establishes most of these; the verifier re-checks the finished graph so a
 * pass that bypasses the builder's guarantees (or a future change to it) is caught at the pass that broke
 * it, not three stages later.
 */
public final class Verifier {
  private Verifier() {}

  /** Throws {@link BscException} naming the first offending node or value. */
  public static void verify(Graph g) {
    Set<String> defined = new HashSet<>();
    for (Value v : g.inputs()) {
      define(g, defined, v.name(), "graph input " + v.name());
    }
    for (String name : g.initializers().keySet()) {
      define(g, defined, name, "initializer " + name);
    }
    Set<String> nodeNames = new HashSet<>();
    for (Node n : g.nodes()) {
      String where = "node " + n.name() + " (" + n.op().onnxName() + ")";
      if (!nodeNames.add(n.name())) {
        throw new BscException(where, "node name used twice");
      }
      checkArity(n, where);
      for (String in : n.inputs()) {
        if (!in.isEmpty() && !defined.contains(in)) {
          throw new BscException(where, "input " + in + " is not defined before it is read");
        }
      }
      for (String out : n.outputs()) {
        if (!out.isEmpty()) {
          define(g, defined, out, where);
        }
      }
      checkActivation(n, where);
    }
    for (Value v : g.outputs()) {
      if (!defined.contains(v.name()) || v.type() == null) {
        throw new BscException("graph output " + v.name(), "not defined or has no type");
      }
    }
  }

  private static void define(Graph g, Set<String> defined, String name, String where) {
    if (!defined.add(name)) {
      throw new BscException(where, "value " + name + " is defined twice");
    }
    if (g.type(name) == null) {
      throw new BscException(where, "value " + name + " has no type");
    }
  }

  private static void checkArity(Node n, String where) {
    OpSchema s = n.op().schema();
    int in = n.inputs().size();
    int out = n.outputs().size();
    if (in < s.minInputs() || in > s.maxInputs() || out < s.minOutputs() || out > s.maxOutputs()) {
      throw new BscException(where, in + " inputs and " + out + " outputs do not fit the op");
    }
  }

  private static void checkActivation(Node n, String where) {
    String act = n.attrs().getString("activation", null);
    if (act == null) {
      return;
    }
    boolean ok = switch (act) {
      case "relu", "leaky_relu" -> true;
      case "clip" -> n.attrs().has("activation_min") && n.attrs().has("activation_max")
          && n.attrs().getFloat("activation_min", 0) <= n.attrs().getFloat("activation_max", 0);
      default -> false;
    };
    if (n.op() != OpType.CONV || !ok) {
      throw new BscException(where, "invalid fused activation " + act + " " + n.attrs());
    }
  }
}
