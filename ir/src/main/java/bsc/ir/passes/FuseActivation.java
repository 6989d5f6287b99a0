package bsc.ir.passes;

import bsc.ir.Attributes;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Tensor;
import java.util.List;

/**
 * Fuses a Relu, LeakyRelu or constant-bound Clip that directly follows a Conv into the conv's
 * {@code activation} attributes (see {@link bsc.ir.ops.ConvOp}). The AIE2 kernels apply the activation
 * to the accumulator before writing the output, so a separate activation layer would only cost an extra
 * round trip of the activations through memory.
 *
 * <p>Applies when the activation is the conv output's only reader and the conv has no activation yet.
 * Clip bounds must be constant scalars; an absent bound is stored as an infinity, so every fused clip
 * carries both {@code activation_min} and {@code activation_max}. The conv takes over the activation's
 * output name.
 */
public final class FuseActivation implements Pass {
  @Override
  public String name() {
    return "fuse-activation";
  }

  @Override
  public Graph run(Graph g) {
    Graph.Builder b = g.toBuilder();
    boolean changed = false;
    for (Node act : g.nodes()) {
      Node conv = GraphEdits.producerOf(g, act.input(0), OpType.CONV);
      if (conv == null || conv.attrs().has("activation") || GraphEdits.soleConsumer(g, conv.output()) != act) {
        continue;
      }
      Attributes fused = fusedAttributes(g, act, conv.attrs());
      if (fused != null) {
        GraphEdits.replace(b, conv.name(), conv.withAttrs(fused).withOutputs(List.of(act.output())));
        GraphEdits.remove(b, act.name());
        changed = true;
      }
    }
    return changed ? b.build() : g;
  }

  /** The conv's attributes with {@code act} fused in, or null when {@code act} cannot be fused. */
  private static Attributes fusedAttributes(Graph g, Node act, Attributes conv) {
    return switch (act.op()) {
      case RELU -> conv.with("activation", "relu");
      case LEAKY_RELU -> conv.with("activation", "leaky_relu")
          .with("activation_alpha", act.attrs().getFloat("alpha", 0.01f));
      case CLIP -> {
        Float lo = bound(g, act, 1, Float.NEGATIVE_INFINITY);
        Float hi = bound(g, act, 2, Float.POSITIVE_INFINITY);
        yield lo == null || hi == null ? null
            : conv.with("activation", "clip").with("activation_min", lo).with("activation_max", hi);
      }
      default -> null;
    };
  }

  /** Clip bound {@code i}: {@code absent} when not given, null when not a constant scalar. */
  private static Float bound(Graph g, Node clip, int i, float absent) {
    if (!clip.hasInput(i)) {
      return absent;
    }
    Tensor t = g.knownValue(clip.input(i));
    return t != null && t.elements() == 1 ? (float) t.getDouble(0) : null;
  }
}
