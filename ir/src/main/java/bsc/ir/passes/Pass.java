package bsc.ir.passes;

import bsc.ir.Graph;

/**
 * One graph transformation that does one thing. A pass never mutates its input (graphs are immutable);
 * it returns the input graph itself when it has nothing to change, so callers can tell whether it did.
 */
public interface Pass {
  /** A short, stable name for logs and reports, e.g. {@code fold-batchnorm}. */
  String name();

  /** The transformed graph, or {@code g} itself when nothing changed. */
  Graph run(Graph g);
}
