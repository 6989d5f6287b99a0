package bsc.ir;

/** A named, typed value of a graph: a graph input or output. */
public record Value(String name, TensorType type) {}
