package bsc.aie2;

import bsc.aie2.lower.LowerOptions;
import bsc.aie2.lower.Lowered;
import bsc.aie2.lower.Lowering;
import bsc.aie2.lower.WeightSource;
import bsc.ir.Graph;
import bsc.sparsify.quant.QuantizedModel;

/**
 * The AIE2 backend's entry point: lowers a canonical graph (FP32 with masks, for timing; or a quantized
 * model, for bit-exact execution) to a verified {@link CompiledProgram}. The program verifier runs after
 * every compilation.
 */
public final class Aie2Compiler {
  private Aie2Compiler() {}

  /** Timing-only compilation from FP32 shapes and masks (weights.bin gets zero values). */
  public static CompiledProgram compile(Graph canonical, Aie2Target target, LowerOptions options) {
    return finish(Lowering.lower(canonical, target, options, WeightSource.timingOnly()), options);
  }

  /** Compilation of a quantized model: weights.bin holds its INT8 weights, biases and shifts. */
  public static CompiledProgram compile(QuantizedModel model, Aie2Target target, LowerOptions options) {
    return finish(Lowering.lower(model.graph(), target, options, new QuantizedWeights(model)), options);
  }

  private static CompiledProgram finish(Lowered lowered, LowerOptions options) {
    ProgramVerifier.verify(lowered.program());
    return new CompiledProgram(lowered, options.compaction());
  }
}
