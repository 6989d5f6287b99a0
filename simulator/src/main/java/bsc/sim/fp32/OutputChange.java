package bsc.sim.fp32;

import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much pruning changed each pruned layer's output, measured with the FP32 executor on given inputs.
 * Two figures per layer, both the relative L2 distance {@code ||y' - y|| / ||y||} over the layer's output:
 * <ul>
 *   <li>{@code alone}: the layer with its pruned weights on the dense model's activation, so the change is the
 *       layer's own;</li>
 *   <li>{@code cumulative}: the layer's output in the pruned model against the dense model's, so the change
 *       includes everything pruned before it.</li>
 * </ul>
 * Two executor runs in all: the dense graph with a pruned twin of every layer beside it, and the pruned graph.
 */
public final class OutputChange {
  /** The relative L2 changes of one layer's output. */
  public record Change(double alone, double cumulative) {}

  private static final String TWIN = "__pruned";

  private OutputChange() {}

  /**
   * Measures the layers (node names, each present in both graphs with one output and its weight in input 1)
   * of {@code pruned} against {@code dense}, which must be the same graph with other weight values.
   */
  public static Map<String, Change> measure(Graph dense, Graph pruned, Collection<String> layers,
      Map<String, Tensor> inputs, int threads) {
    Graph.Builder twin = dense.toBuilder();
    twin.outputs().clear();
    Graph.Builder probe = pruned.toBuilder();
    probe.outputs().clear();
    List<String[]> probes = new ArrayList<>();
    for (String layer : layers) {
      Node d = dense.node(layer);
      Node p = pruned.node(layer);
      if (d == null || p == null || d.outputs().size() != 1 || d.inputs().size() < 2
          || !pruned.isInitializer(p.inputs().get(1))) {
        throw new BscException(layer, "not a layer with one output and an initializer weight in both models");
      }
      String y = d.outputs().get(0);
      String w = twin.freshName(layer + TWIN + "_weight");
      twin.addInitializer(w, pruned.initializer(p.inputs().get(1)));
      List<String> in = new ArrayList<>(d.inputs());
      in.set(1, w);
      String yTwin = twin.freshName(y + TWIN);
      twin.addNode(new Node(twin.freshName(layer + TWIN), d.op(), in, List.of(yTwin), d.attrs()));
      twin.addOutput(y).addOutput(yTwin);
      probe.addOutput(p.outputs().get(0));
      probes.add(new String[] {layer, y, yTwin, p.outputs().get(0)});
    }
    Map<String, Tensor> a;
    try (Fp32Runner r = new Fp32Runner(twin.build(), threads)) {
      a = r.run(inputs);
    }
    Map<String, Tensor> b;
    try (Fp32Runner r = new Fp32Runner(probe.build(), threads)) {
      b = r.run(inputs);
    }
    Map<String, Change> out = new LinkedHashMap<>();
    for (String[] n : probes) {
      float[] y = a.get(n[1]).toFloats();
      out.put(n[0], new Change(relative(a.get(n[2]).toFloats(), y), relative(b.get(n[3]).toFloats(), y)));
    }
    return out;
  }

  /** {@code ||x - ref|| / ||ref||}, 0 when both are zero, infinity when only the reference is. */
  static double relative(float[] x, float[] ref) {
    if (x.length != ref.length) {
      throw new IllegalArgumentException("lengths " + x.length + " and " + ref.length);
    }
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      double d = (double) x[i] - ref[i];
      num += d * d;
      den += (double) ref[i] * ref[i];
    }
    if (den == 0) {
      return num == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
    return Math.sqrt(num / den);
  }
}
