package bsc.aie2.lower;

/** A fused activation and the INT8 clamp it becomes (ReLU: 0..127; none: -128..127). */
record Activation(String name, int clampMin, int clampMax) {
  static final int INT8_MIN = -128;
  static final int INT8_MAX = 127;
  static final Activation NONE = new Activation("none", INT8_MIN, INT8_MAX);
  static final Activation RELU = new Activation("relu", 0, INT8_MAX);

  static Activation named(String name) {
    return switch (name) {
      case "none" -> NONE;
      case "relu" -> RELU;
      default -> new Activation(name, INT8_MIN, INT8_MAX);
    };
  }
}
