package bsc.sim.functional;

import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.ir.Attributes;
import bsc.ir.DataType;
import bsc.ir.Graph;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.Tensor;
import bsc.ir.TensorType;
import bsc.ir.passes.PassManager;
import bsc.sim.fp32.Fp32Activations;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A fully connected layer followed by a Relu node (VGG-16's classifier): the lowering fuses them into one
 * layer, whose clamp must include the Relu's 0 (found by the functional simulator on VGG-16 2x2: the fused
 * layer wrote negative values).
 */
class FullyConnectedReluTest {
  private static Tensor seeded(SplittableRandom r, long... dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() - 0.5);
    }
    return Tensor.ofFloats(Shape.of(dims), v);
  }

  @Test
  void aGemmWithAFollowingReluNeverOutputsANegativeValue() {
    SplittableRandom r = new SplittableRandom(5);
    Graph.Builder b = Graph.builder("fc_relu");
    b.addInput("x", TensorType.of(DataType.FLOAT, 1, 8, 4, 4));
    b.addInitializer("w1", seeded(r, 16, 8, 3, 3));
    b.addInitializer("b1", seeded(r, 16));
    b.add(OpType.CONV, "conv", Attributes.empty().with("pads", new long[] {1, 1, 1, 1}), "x", "w1", "b1");
    b.add(OpType.FLATTEN, "flat", Attributes.empty(), "conv");
    b.addInitializer("w2", seeded(r, 24, 256));
    b.addInitializer("b2", seeded(r, 24));
    b.add(OpType.GEMM, "fc", Attributes.empty().with("transB", 1), "flat", "w2", "b2");
    b.add(OpType.RELU, "relu", Attributes.empty(), "fc");
    Graph g = PassManager.canonical().run(b.addOutput("relu").build());
    QuantizedModel m = Quantizer.quantize(g, CalibrationInputs.seededNormal(g, 2, 1), new Fp32Activations(),
        QuantOptions.defaults());
    CompiledProgram p = Aie2Compiler.compile(m, TargetLoader.load("2x2"), new LowerOptions(true, false, 0, "8x8"));
    assertTrue(p.program().layers().stream().anyMatch(l -> l.op().equals("Gemm+Relu")), p.listing());
    FunctionalResult result = FunctionalSimulator.check(p, m, QuantizedModels.input(m, 7));
    assertTrue(result.matches(), result.summary());
  }
}
