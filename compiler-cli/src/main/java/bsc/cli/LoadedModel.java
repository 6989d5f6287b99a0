package bsc.cli;

import bsc.ir.Graph;
import bsc.ir.passes.PassManager;

/**
 * A model a command works on: {@code name} as the user gave it, {@code source} "built-in" or "file", and
 * whether the graph went through the canonical pass pipeline.
 */
record LoadedModel(String name, String source, Graph graph, boolean canonical) {
  LoadedModel(String name, String source, Graph graph) {
    this(name, source, graph, false);
  }

  /** The same model after {@link PassManager#canonical()} (BN folded, activations fused, FC as 1x1 conv...). */
  LoadedModel canonicalized() {
    return canonical ? this : new LoadedModel(name, source, PassManager.canonical().run(graph), true);
  }
}
