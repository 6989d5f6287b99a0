package bsc.aie2.program;

import bsc.aie2.Aie2Target;
import java.util.List;

/**
 * A compiled network for an AIE2 array, format {@value #FORMAT} (docs/PROGRAM.md). Self-contained: it carries
 * the target it was compiled for, the DDR and memtile buffers, where every activation tensor lives, and per
 * layer the instructions with their transfers, kernel calls and locks. Layers run in order; layer i+1 starts
 * when every instruction of layer i has finished (the paper does not co-schedule layers).
 */
public record Program(
    String format,
    String model,
    CompileSettings settings,
    Aie2Target target,
    CoreBuffers coreBuffers,
    List<Buffer> ddr,
    List<TensorHome> tensors,
    List<LayerProgram> layers) {
  public static final String FORMAT = "bsc-program/1";

  public Program {
    ddr = List.copyOf(ddr);
    tensors = List.copyOf(tensors);
    layers = List.copyOf(layers);
  }

  public TensorHome tensor(String name) {
    for (TensorHome t : tensors) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }

  public Buffer ddrBuffer(String id) {
    for (Buffer b : ddr) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    return null;
  }
}
