package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.CompiledProgram;
import bsc.aie2.TargetLoader;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.program.Endpoint;
import bsc.aie2.program.Instruction;
import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.aie2.program.Program;
import bsc.aie2.program.ProgramJson;
import bsc.aie2.program.Transfer;
import bsc.ir.Graph;
import bsc.ir.passes.PassManager;
import bsc.models.BuiltinModels;
import bsc.sim.fp32.Fp32Activations;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.CalibrationMethod;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantSidecar;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bsc simulate --functional} on a real compiled program (tiny_cnn, 50% 8x8 sparse, 2x2): a match, with the
 * reference from quant.json or recalibrated as {@code bsc compile --int8} calibrates; a mismatch naming the
 * layer (exit 1) for a corrupted program; a clear error (exit 2) when weights.bin is not the reference's.
 */
class SimulateFunctionalTest {
  private static final double SPARSITY = 0.5;

  /** Writes program.json, weights.bin and (optionally) quant.json of tiny_cnn as bsc compile --int8 would. */
  private static CompiledProgram compile(Path dir, boolean sidecar) throws Exception {
    Graph g = Pruner.prune(PassManager.canonical().run(BuiltinModels.build(TestModels.SMALL)),
        PruneOptions.paper(SPARSITY)).graph();
    // the calibration of bsc compile --int8 / bsc quantize without --calibration: 4 seeded images, seed 0
    QuantizedModel q = Quantizer.quantize(g, CalibrationInputs.seededNormal(g, CalibrationInputs.DEFAULT_SEEDED_SAMPLES,
        0), new Fp32Activations(2), new QuantOptions(false, CalibrationMethod.defaults()));
    CompiledProgram c = Aie2Compiler.compile(q, TargetLoader.load("2x2"),
        new LowerOptions(true, false, SPARSITY, "8x8"));
    Files.write(dir.resolve("program.json"), ProgramJson.toBytes(c.program()));
    Files.write(dir.resolve("weights.bin"), c.weights());
    if (sidecar) {
      Files.write(dir.resolve("quant.json"), QuantSidecar.toJson(q));
    }
    return c;
  }

  @Test
  void aCompiledProgramMatchesTheInt8ExecutorWithQuantJsonOrRecalibrated(@TempDir Path dir) throws Exception {
    compile(dir, true);
    Cli r = Cli.run("simulate", dir.resolve("program.json").toString(), "--functional");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("functional: match"), r.out());
    Files.delete(dir.resolve("quant.json"));
    Cli again = Cli.run("simulate", dir.resolve("program.json").toString(), "--functional", "--json");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains("\"match\" : true"), again.out());
  }

  @Test
  void aCorruptedProgramIsAMismatchNamingTheLayer(@TempDir Path dir) throws Exception {
    CompiledProgram c = compile(dir, true);
    Program p = c.program();
    // the input rows of the last conv's first LOADFM are read one pixel (8 channels) too far on
    LayerProgram victim = null;
    for (LayerProgram l : p.layers()) {
      if (l.op().startsWith("Conv") && l.instructions().stream().anyMatch(i -> i.kind() == InstructionKind.LOADFM)) {
        victim = l;
      }
    }
    String broken = ProgramJson.toJson(shiftFirstLoadfm(p, victim, 8));
    Files.writeString(dir.resolve("program.json"), broken);
    Cli r = Cli.run("simulate", dir.resolve("program.json").toString(), "--functional");
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("MISMATCH") && r.out().contains("'" + victim.name() + "'"), r.out());
  }

  private static Program shiftFirstLoadfm(Program p, LayerProgram victim, long bytes) {
    List<Instruction> ins = new ArrayList<>(victim.instructions());
    for (int i = 0; i < ins.size(); i++) {
      Instruction in = ins.get(i);
      if (in.kind() == InstructionKind.LOADFM) {
        Transfer t = in.transfers().get(0);
        Transfer.Segment s = t.segments().get(0);
        Endpoint e = s.src();
        Endpoint moved = new Endpoint(e.level(), e.tiles(), e.buffer(), e.slot0(), e.pattern().shifted(bytes),
            e.iterationStepBytes(), e.channel());
        List<Transfer.Segment> segs = new ArrayList<>(t.segments());
        segs.set(0, new Transfer.Segment(moved, s.dst()));
        List<Transfer> ts = new ArrayList<>(in.transfers());
        ts.set(0, new Transfer(segs, t.bytes(), t.broadcast()));
        ins.set(i, new Instruction(in.id(), in.kind(), in.group(), in.iterations(), ts, in.computes(), in.acquire(),
            in.release(), in.after(), in.note()));
        break;
      }
    }
    List<LayerProgram> layers = new ArrayList<>(p.layers());
    layers.set(victim.index(), new LayerProgram(victim.index(), victim.name(), victim.op(), victim.inputs(),
        victim.output(), victim.report(), victim.buffers(), victim.locks(), ins));
    return new Program(p.format(), p.model(), p.settings(), p.target(), p.coreBuffers(), p.ddr(), p.tensors(), layers);
  }

  @Test
  void weightsFromAnotherModelAreRefused(@TempDir Path dir) throws Exception {
    compile(dir, true);
    byte[] w = Files.readAllBytes(dir.resolve("weights.bin"));
    w[w.length - 1] ^= 1;
    Files.write(dir.resolve("weights.bin"), w);
    Cli r = Cli.run("simulate", dir.resolve("program.json").toString(), "--functional");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(r.err().contains("does not give these weights"), r.err());
  }
}
