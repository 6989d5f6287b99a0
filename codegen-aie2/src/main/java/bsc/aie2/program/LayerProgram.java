package bsc.aie2.program;

import java.util.List;

/**
 * The program of one scheduled layer: its graph node, input and output tensors, the memtile buffers it
 * uses besides resident tensors (weights, staging, partial sums), its locks and its instructions.
 */
public record LayerProgram(
    int index,
    String name,
    String op,
    List<String> inputs,
    String output,
    LayerReport report,
    List<Buffer> buffers,
    List<LockDef> locks,
    List<Instruction> instructions) {
  public LayerProgram {
    inputs = List.copyOf(inputs);
    buffers = List.copyOf(buffers);
    locks = List.copyOf(locks);
    instructions = List.copyOf(instructions);
  }

  public Buffer buffer(String id) {
    for (Buffer b : buffers) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    return null;
  }

  public LockDef lock(String id) {
    for (LockDef l : locks) {
      if (l.id().equals(id)) {
        return l;
      }
    }
    return null;
  }
}
