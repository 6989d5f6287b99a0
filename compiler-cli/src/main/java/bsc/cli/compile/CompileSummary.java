package bsc.cli.compile;

import bsc.aie2.program.InstructionKind;
import bsc.aie2.program.LayerProgram;
import bsc.sim.timing.LayerBound;
import bsc.sim.timing.SimulationResult;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code bsc compile} reports, as data: the {@code --json} document, and what the text summary, the CSV
 * and the HTML page are printed from. Key order is fixed, so the same compile gives the same bytes.
 */
@JsonPropertyOrder({"model", "source", "target", "array", "timing", "block", "sparsity", "achievedSparsity",
    "hardwareBlockSparsity", "classifier", "compaction", "weightsFile", "verified", "instructions", "weights",
    "latency", "speedup", "boundShares", "instructionMillis", "gainedMost", "gainedLeast", "layers", "files"})
public record CompileSummary(
    String model,
    String source,
    String target,
    String array,
    String timing,
    String block,
    double sparsity,
    double achievedSparsity,
    double hardwareBlockSparsity,
    String classifier,
    boolean compaction,
    String weightsFile,
    String verified,
    int instructions,
    Weights weights,
    Latency latency,
    Speedup speedup,
    Map<String, Double> boundShares,
    Map<String, Map<String, Double>> instructionMillis,
    List<String> gainedMost,
    List<String> gainedLeast,
    List<LayerRow> layers,
    List<String> files) {

  /** How many layers the summary names as gaining most and least. */
  public static final int NAMED_LAYERS = 5;
  /** The target computes INT8 only (paper-facts.md: 256 INT8 MAC/cycle/core); FP32 compute is not in the model. */
  static final String INT8_VS_FP32 = "not modeled: the target describes INT8 compute only";

  @JsonPropertyOrder({"denseBytes", "compactedBytes"})
  public record Weights(long denseBytes, long compactedBytes) {}

  @JsonPropertyOrder({"denseMs", "sparseMs", "denseInferencesPerSecond", "sparseInferencesPerSecond"})
  public record Latency(double denseMs, double sparseMs, double denseInferencesPerSecond,
      double sparseInferencesPerSecond) {}

  /**
   * The speed-up decomposed by source: compaction on the model as given (1.0 when it has no zero block), sparsity
   * with compaction (dense baseline over compacted), and INT8 against FP32 compute where the target models it.
   */
  @JsonPropertyOrder({"compactionAlone", "sparsityWithCompaction", "int8VsFp32"})
  public record Speedup(double compactionAlone, double sparsityWithCompaction, String int8VsFp32) {}

  /** The summary of {@code r}; {@code files} are the outputs written (relative names), empty when none. */
  public static CompileSummary of(CompileResult r, String source, List<String> files) {
    CompileOptions o = r.options();
    SimulationResult d = r.denseTime();
    SimulationResult s = r.sparseTime();
    int instructions = 0;
    for (LayerProgram l : r.primary().program().layers()) {
      instructions += l.instructions().size();
    }
    Map<String, Double> shares = new LinkedHashMap<>();
    for (Map.Entry<LayerBound.Limiter, Double> e : r.primaryTime().boundShares().entrySet()) {
      shares.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    }
    Map<String, Map<String, Double>> kinds = new LinkedHashMap<>();
    kinds.put("dense", kindMillis(d));
    kinds.put("sparse", kindMillis(s));
    return new CompileSummary(r.model(), source, o.target().name(), o.target().rows() + "x" + o.target().columns(),
        o.timing().name(), o.block().toString(), o.sparsity(), r.pruned().achievedSparsity(), r.hardwareBlockSparsity(),
        o.excludeClassifier() ? "host" : "array", o.compaction(),
        r.int8Weights() ? "int8" : "timing-only", "program verifier (structure, bounds, locks, weights)",
        instructions, new Weights(r.weightBytesDense(), r.weightBytesCompacted()),
        new Latency(d.latencyMillis(), s.latencyMillis(), d.inferencesPerSecond(), s.inferencesPerSecond()),
        new Speedup(r.compactionAloneSpeedup(), r.speedup(), INT8_VS_FP32), shares, kinds,
        names(ranked(r.layers(), true)), names(ranked(r.layers(), false)), r.layers(), files);
  }

  private static Map<String, Double> kindMillis(SimulationResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (InstructionKind k : InstructionKind.values()) {
      m.put(k.name(), r.instructionMillis(k));
    }
    return m;
  }

  /**
   * The layers with weights, by speed-up, highest first ({@code most}) or lowest first; ties by time saved, then
   * by position, so the order is total and deterministic.
   */
  public static List<LayerRow> ranked(List<LayerRow> rows, boolean most) {
    Comparator<LayerRow> bySpeedup = Comparator.comparingDouble(LayerRow::speedup);
    Comparator<LayerRow> bySaved = Comparator.comparingDouble(l -> l.denseMicros() - l.sparseMicros());
    Comparator<LayerRow> c = most ? bySpeedup.thenComparing(bySaved).reversed() : bySpeedup.thenComparing(bySaved);
    List<LayerRow> out = new ArrayList<>();
    for (LayerRow l : rows) {
      if (l.hasWeights() && l.denseMicros() > 0) {
        out.add(l);
      }
    }
    out.sort(c.thenComparingInt(LayerRow::index));
    return out.subList(0, Math.min(NAMED_LAYERS, out.size()));
  }

  private static List<String> names(List<LayerRow> rows) {
    return rows.stream().map(LayerRow::name).toList();
  }

  public LayerRow layer(String name) {
    for (LayerRow l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    return null;
  }
}
