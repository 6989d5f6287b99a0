package bsc.sim.functional;

import bsc.aie2.program.Instruction;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.ir.BscException;
import bsc.sim.timing.StepListener;

/**
 * Moves the data of each step of the event-driven execution (bsc.sim.timing) when the step finishes, before
 * its lock releases take effect ({@link StepListener}): a transfer iteration's bytes through its patterns, a
 * compute iteration's kernel call on its core. The engine's order respects the program's locks, {@code after}
 * lists and queues, so the data moves in an order the program allows; a program whose locks do not protect
 * its buffers, or whose addresses are wrong, computes wrong values and the layer check names it.
 */
final class FunctionalRun implements StepListener {
  /** Called when a layer has finished, with the memory holding its output. */
  interface LayerCheck {
    void layerFinished(LayerProgram layer, ArrayMemory memory);
  }

  private final ArrayMemory memory;
  private final DmaMover dma;
  private final TileKernels kernels;
  private final LayerCheck check;
  private long steps;

  FunctionalRun(Program program, ArrayMemory memory, LayerCheck check) {
    this.memory = memory;
    this.dma = new DmaMover(memory);
    this.kernels = new TileKernels(memory, program.coreBuffers());
    this.check = check;
  }

  long steps() {
    return steps;
  }

  @Override
  public void stepFinished(LayerProgram layer, Instruction instruction, int entry, int iteration, long startCycle,
      long endCycle) {
    steps++;
    int transfers = instruction.transfers().size();
    try {
      if (entry < transfers) {
        dma.move(instruction.transfers().get(entry), iteration);
      } else {
        var c = instruction.computes().get(entry - transfers);
        kernels.run(memory.core(c.core()), c.call(), iteration);
      }
    } catch (IndexOutOfBoundsException | ArithmeticException e) {
      throw new BscException(where(layer, instruction, iteration), "accesses memory outside its tile ("
          + e.getMessage() + ")");
    } catch (BscException e) {
      throw e.within(where(layer, instruction, iteration));
    }
  }

  @Override
  public void layerFinished(LayerProgram layer, long startCycle, long endCycle) {
    check.layerFinished(layer, memory);
  }

  private static String where(LayerProgram layer, Instruction in, int iteration) {
    return "layer " + layer.index() + " '" + layer.name() + "' instruction " + in.id() + " " + in.kind()
        + " iteration " + iteration;
  }
}
