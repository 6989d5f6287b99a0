package bsc.sim.functional;

import bsc.aie2.CompiledProgram;
import bsc.aie2.program.Buffer;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.TensorHome;
import bsc.aie2.program.TensorSlice;
import bsc.ir.BscException;
import bsc.ir.Tensor;
import bsc.sim.int8.Int8Executor;
import bsc.sim.timing.SimulationResult;
import bsc.sim.timing.Simulator;
import bsc.sim.timing.TimingConstants;
import bsc.sim.timing.TimingModel;
import bsc.sparsify.quant.QuantizedModel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Functional simulation of a compiled program (DESIGN.md 7, issue 10): real INT8 data moves through the
 * program's instructions, buffers and addresses (weights from weights.bin in DDR, activations through DDR,
 * memtiles and core buffers) and every COMP runs its kernel on its core's tile; each layer's output is then
 * compared with the INT8 reference executor ({@link Int8Executor}) bit for bit. The order of the steps is the
 * detailed timing model's event order, which obeys the program's locks and ordering.
 *
 * <p>Entry point for {@code bsc simulate --functional} and {@code bsc compile --verify}:
 * {@link #check(CompiledProgram, QuantizedModel, Map)}.
 */
public final class FunctionalSimulator {
  private FunctionalSimulator() {}

  /** Runs a compiled program on {@code inputs} (float or int8, batch 1) and compares it with the INT8 executor. */
  public static FunctionalResult check(CompiledProgram compiled, QuantizedModel model, Map<String, Tensor> inputs) {
    return check(compiled.program(), compiled.weights(), model, inputs);
  }

  /** The same for a program read from program.json and the bytes of its weights.bin. */
  public static FunctionalResult check(Program program, byte[] weights, QuantizedModel model,
      Map<String, Tensor> inputs) {
    Map<String, byte[]> expected;
    try (Int8Executor e = new Int8Executor(model, Int8Executor.Options.defaults())) {
      expected = e.runAllValues(inputs);
    }
    return compare(program, weights, expected);
  }

  /**
   * Runs the program with the graph inputs taken from {@code expected} (int8, NCHW) and compares every layer's
   * output with the value of the same name there.
   */
  public static FunctionalResult compare(Program program, byte[] weights, Map<String, byte[]> expected) {
    if (program.settings().timingOnly()) {
      throw new BscException("program", "compiled for timing only (weights.bin holds no INT8 values): compile a"
          + " quantized model for functional simulation");
    }
    ArrayMemory memory = new ArrayMemory(program);
    loadWeights(program, weights, memory);
    for (String input : graphInputs(program)) {
      byte[] v = expected.get(input);
      if (v == null) {
        throw new BscException("input " + input, "the reference has no value for the program's input");
      }
      writeTensor(program.tensor(input), v, memory);
    }
    LayerComparator comparator = new LayerComparator(program, expected);
    FunctionalRun run = new FunctionalRun(program, memory, comparator);
    TimingConstants constants = TimingConstants.of(program.target());
    SimulationResult timing = Simulator.simulate(program, new TimingModel.Detailed(), constants, run);
    return new FunctionalResult(program.model(), program.target().name(), comparator.layers(),
        comparator.elements(), comparator.mismatches(), comparator.lastOutput(), run.steps(), timing.totalCycles(),
        constants.clockHz());
  }

  private static void loadWeights(Program program, byte[] weights, ArrayMemory memory) {
    long want = program.settings().weightsFileBytes();
    if (weights.length != want) {
      throw new BscException("weights.bin", weights.length + " bytes, the program expects " + want);
    }
    Buffer b = program.ddrBuffer("ddr.weights");
    if (b == null) {
      if (weights.length > 0) {
        throw new BscException("program", "no DDR buffer ddr.weights for weights.bin");
      }
      return;
    }
    System.arraycopy(weights, 0, memory.ddr, Math.toIntExact(b.offsetBytes()), weights.length);
  }

  /** Tensors some layer reads and no layer writes: the network inputs. */
  static Set<String> graphInputs(Program program) {
    Set<String> written = new HashSet<>();
    for (LayerProgram l : program.layers()) {
      written.add(l.output());
    }
    Set<String> inputs = new java.util.LinkedHashSet<>();
    for (LayerProgram l : program.layers()) {
      for (String in : l.inputs()) {
        if (!written.contains(in) && program.tensor(in) != null) {
          inputs.add(in);
        }
      }
    }
    return inputs;
  }

  /** Writes an NCHW int8 value into a tensor's home (HWC, width slices). */
  static void writeTensor(TensorHome t, byte[] nchw, ArrayMemory memory) {
    int h = t.height();
    int w = t.width();
    if (nchw.length != (long) h * w * t.channels()) {
      throw new BscException("input " + t.name(), nchw.length + " values for a " + h + "x" + w + "x" + t.channels()
          + " tensor");
    }
    for (int x = 0; x < w; x++) {
      TensorSlice s = t.sliceAt(x);
      byte[] mem = memory.tensorMemory(t, s);
      for (int y = 0; y < h; y++) {
        int at = Math.toIntExact(ArrayMemory.tensorAddress(t, s, y, x, 0));
        for (int c = 0; c < t.channels(); c++) {
          mem[at + c] = nchw[(c * h + y) * w + x];
        }
      }
    }
  }
}
