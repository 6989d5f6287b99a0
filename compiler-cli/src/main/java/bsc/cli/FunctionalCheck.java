package bsc.cli;

import bsc.aie2.Aie2Compiler;
import bsc.aie2.lower.LowerOptions;
import bsc.aie2.program.CompileSettings;
import bsc.aie2.program.Program;
import bsc.ir.BscException;
import bsc.ir.Graph;
import bsc.ir.Tensor;
import bsc.sim.functional.FunctionalResult;
import bsc.sim.functional.FunctionalSimulator;
import bsc.sparsify.BlockShape;
import bsc.sparsify.PruneOptions;
import bsc.sparsify.Pruner;
import bsc.sparsify.quant.CalibrationInputs;
import bsc.sparsify.quant.CalibrationMethod;
import bsc.sparsify.quant.QuantOptions;
import bsc.sparsify.quant.QuantizedModel;
import bsc.sparsify.quant.Quantizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bsc simulate --functional}: rebuilds the INT8 model a program was compiled from (the model named by
 * --model or the program, canonicalized, pruned with the paper's settings at the program's sparsity, quantized
 * with the fix positions of OUTDIR/quant.json when present, else calibrated as {@code bsc compile --int8}
 * does), checks that it gives the program's weights.bin byte for byte (else the reference would be another
 * model), and runs the functional simulator against the INT8 executor.
 */
final class FunctionalCheck {
  private FunctionalCheck() {}

  static FunctionalResult run(Program program, Path programFile, String modelArg, Int8Quantization quantization,
      Path input, long seed, PrintWriter err) {
    Path dir = programFile.toAbsolutePath().getParent();
    byte[] weights = readAll(dir.resolve("weights.bin"), program.settings().weightsFileBytes());
    if (program.settings().timingOnly()) {
      throw new BscException(programFile.toString(), "compiled for timing only (weights.bin holds no INT8 values):"
          + " compile with --int8 for a functional simulation");
    }
    String name = modelArg != null ? modelArg : program.model();
    LoadedModel m = ModelResolver.resolve(name).canonicalized();
    CompileSettings s = program.settings();
    PruneOptions prune = PruneOptions.paper(s.sparsity()).withBlock(BlockShape.parse(s.block()));
    Graph g = Int8Quantization.batchOne(s.sparsity() > 0 ? Pruner.prune(m.graph(), prune).graph() : m.graph());
    Path sidecar = dir.resolve("quant.json");
    QuantizedModel q = Files.isRegularFile(sidecar) ? fromSidecar(g, sidecar)
        : quantization.quantize(new LoadedModel(m.name(), m.source(), g, true), err);
    LowerOptions lower = new LowerOptions(s.compaction(), s.excludeClassifier(), s.sparsity(), s.block());
    byte[] expected = Aie2Compiler.compile(q, program.target(), lower).weights();
    if (!java.util.Arrays.equals(expected, weights)) {
      throw new BscException(dir.resolve("weights.bin").toString(), "the reference INT8 model (" + name
          + " at sparsity " + s.sparsity() + (Files.isRegularFile(sidecar) ? ", fix positions of quant.json" : "")
          + ") does not give these weights: pass the --model and quantization options the program was compiled"
          + " with");
    }
    Map<String, Tensor> feeds = input != null ? RunInputs.read(g, List.of(input.toString()), null, null)
        : CalibrationInputs.seededNormal(g, 1, seed).samples().get(0);
    return FunctionalSimulator.check(program, weights, q, feeds);
  }

  private static byte[] readAll(Path file, long want) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new BscException(file.toString(), "no such file (weights.bin must sit beside program.json)");
      }
      if (Files.size(file) != want) {
        throw new BscException(file.toString(), Files.size(file) + " bytes, the program expects " + want);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BscException(file.toString(), "cannot read: " + e.getMessage());
    }
  }

  /** The model quantized at the fix positions a bsc-quant/1 sidecar records (no calibration). */
  static QuantizedModel fromSidecar(Graph g, Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new BscException(file.toString(), "cannot read: " + e.getMessage());
    }
    if (root == null || !"bsc-quant/1".equals(root.path("format").asText())) {
      throw new BscException(file.toString(), "not a bsc-quant/1 sidecar");
    }
    Map<String, Integer> fix = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("fix_positions").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().canConvertToInt()) {
        throw new BscException(file.toString(), "fix position of " + e.getKey() + " is not an integer");
      }
      fix.put(e.getKey(), e.getValue().intValue());
    }
    boolean perChannel = "per-channel".equals(root.path("weights").asText());
    return Quantizer.withFixPositions(g, fix, new QuantOptions(perChannel, CalibrationMethod.defaults()));
  }
}
