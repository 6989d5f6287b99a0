package bsc.aie2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bsc.aie2.lower.LowerOptions;
import bsc.aie2.program.Compute;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.KernelKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.ir.Graph;
import bsc.ir.Node;
import bsc.ir.OpType;
import bsc.ir.Shape;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import java.nio.FloatBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The suite's share of the preset matrix: 50% block-sparse resnet50 and dense mobilenet_v2 (depthwise convs)
 * compile and verify on every paper array 2x2..8x8 and on the real parts. Each program must also do exactly
 * the model's work: its CONV_BSR kernel calls, over all cores and iterations, perform every output pixel times
 * every nonzero 8x8 block (counted here from the graph's weights) once. The full matrix (five models, dense
 * and sparse, 70 compilations) is {@code bsc.tests.bench.Aie2Bench matrix}, recorded in docs/BENCHMARKS.md.
 */
class PresetCompileTest {
  private static Graph resnet50;
  private static Graph mobilenet;
  private static long resnet50Macs;
  private static long mobilenetMacs;

  @BeforeAll
  static void models() {
    resnet50 = Pruner.prune(PassManager.canonical().run(BuiltinModels.build("resnet50")), PruneOptions.paper(0.5))
        .graph();
    mobilenet = PassManager.canonical().run(BuiltinModels.build("mobilenet_v2"));
    resnet50Macs = blockMacs(resnet50);
    mobilenetMacs = blockMacs(mobilenet);
  }

  static Stream<String> presets() {
    return Stream.concat(TargetLoader.PAPER_ARRAYS.stream(), Stream.of("phoenix", "hawkpoint", "strix", "ve2802"));
  }

  @ParameterizedTest
  @MethodSource("presets")
  void halfSparseResnet50CompilesVerifiesAndComputesEveryNonzeroBlockOnce(String preset) {
    check(resnet50, resnet50Macs, preset);
  }

  @ParameterizedTest
  @MethodSource("presets")
  void denseMobilenetV2CompilesVerifiesAndComputesEveryBlockOnce(String preset) {
    check(mobilenet, mobilenetMacs, preset);
  }

  private static void check(Graph g, long macs, String preset) {
    CompiledProgram cp = Aie2Compiler.compile(g, TargetLoader.load(preset), LowerOptions.defaults());
    Program p = cp.program();
    assertEquals(p.settings().weightsFileBytes(), cp.weights().length, "weights.bin size");
    assertEquals(macs, kernelMacs(p), "CONV_BSR MACs over all cores and iterations");
  }

  /** Sum over kernel calls of CONV_BSR MACs (nonzero blocks only) times the instruction's iterations. */
  private static long kernelMacs(Program p) {
    long n = 0;
    for (LayerProgram l : p.layers()) {
      for (Instruction i : l.instructions()) {
        for (Compute c : i.computes()) {
          n += c.call().kind() == KernelKind.CONV_BSR ? c.macs() * i.iterations() : 0;
        }
      }
    }
    return n;
  }

  /**
   * From the graph alone: per non-depthwise conv, output pixels x nonzero 8x8 blocks (a block is nonzero when
   * any of its weights is) x 64 x kernel taps; edge blocks count whole, as the kernel computes them.
   */
  private static long blockMacs(Graph g) {
    long n = 0;
    for (Node node : g.nodes()) {
      if (node.op() != OpType.CONV || node.attrs().getInt("group", 1) != 1) {
        continue;
      }
      Shape w = g.initializer(node.input(1)).shape();
      Shape out = g.type(node.output()).shape();
      int cout = (int) w.dim(0);
      int cin = (int) w.dim(1);
      int taps = (int) (w.dim(2) * w.dim(3));
      FloatBuffer f = g.initializer(node.input(1)).bytes().asFloatBuffer();
      int cols = (cin + 7) / 8;
      boolean[] kept = new boolean[(cout + 7) / 8 * cols];
      for (int o = 0; o < cout; o++) {
        for (int i = 0; i < cin; i++) {
          for (int t = 0; t < taps; t++) {
            kept[o / 8 * cols + i / 8] |= f.get() != 0f;
          }
        }
      }
      long blocks = 0;
      for (boolean k : kept) {
        blocks += k ? 1 : 0;
      }
      n += out.dim(2) * out.dim(3) * blocks * 64 * taps;
    }
    return n;
  }
}
