package bsc.aie2.program;

/**
 * The fixed split of every core's data memory (paper-facts.md 4.2 [LOG]), the same for all layers:
 * misc (kernel arguments), input ping/pong, output ping/pong, weights; scratch is what is left. input2
 * overlays the weights (two slots of half its size) for element-wise kernels, which have no weights.
 */
public record CoreBuffers(Buffer misc, Buffer input, Buffer output, Buffer weights, Buffer input2, Buffer scratch) {
  public static final String INPUT = "core.in";
  public static final String OUTPUT = "core.out";
  public static final String WEIGHTS = "core.w";
  /** The second operand of an element-wise kernel: the weight buffer seen as ping/pong (layers without weights). */
  public static final String INPUT2 = "core.in2";
  public static final String MISC = "core.misc";
  public static final String SCRATCH = "core.scratch";

  public Buffer byId(String id) {
    return switch (id) {
      case INPUT -> input;
      case OUTPUT -> output;
      case WEIGHTS -> weights;
      case INPUT2 -> input2;
      case MISC -> misc;
      case SCRATCH -> scratch;
      default -> null;
    };
  }
}
