package bsc.cli.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of one {@link Combination}: both programs' latencies, the speed-up, weight bytes, and the share
 * of the sparse program's time spent in layers bound by each resource; or, for a failed combination, why
 * (with whatever was measured before the failure).
 *
 * @param dense the dense baseline (the same pruned model lowered without compaction), or null
 * @param sparse the compacted program, or null
 * @param reason empty for an ok row; for a failed one, which step failed and its message
 */
public record SweepRow(Combination combination, Program dense, Program sparse, String reason) {
  /** Column names, in the order every row writes them. */
  public static final List<String> COLUMNS = List.of("model", "block", "sparsity", "array", "timing",
      "latency_dense_ms", "latency_sparse_ms", "speedup", "weights_dense_mb", "weights_compacted_mb",
      "share_compute", "share_weights", "share_activations", "share_ddr", "status", "reason");
  public static final int STATUS = COLUMNS.indexOf("status");
  public static final String OK = "ok";
  public static final String FAILED = "failed";

  public SweepRow {
    // One CSV line per row: control characters (a line break in a compiler message) become spaces.
    reason = reason == null ? "" : reason.replaceAll("\\p{Cc}", " ");
    if (reason.isEmpty() && (dense == null || sparse == null)) {
      throw new IllegalArgumentException("an ok row needs both programs");
    }
  }

  /**
   * What one program measured: latency in cycles and milliseconds, weight bytes in DDR, and the shares of its
   * time in layers bound by compute, weight traffic, activation traffic and DDR.
   */
  public record Program(long cycles, double latencyMillis, long weightBytes, double[] boundShares) {
    public Program {
      boundShares = boundShares.clone();
    }
  }

  public static SweepRow ok(Combination c, Program dense, Program sparse) {
    return new SweepRow(c, dense, sparse, "");
  }

  public static SweepRow failed(Combination c, Program dense, String reason) {
    return new SweepRow(c, dense, null, reason.isEmpty() ? "failed" : reason);
  }

  public boolean ok() {
    return reason.isEmpty();
  }

  /**
   * The row's fields as text, with fixed formats so the same results always give the same bytes: times in ms
   * with 6 decimals (1 ns), the speed-up (dense / sparse cycles) with 4, weights in MB of 10^6 bytes with 6
   * (exact bytes), shares with 4; fields not measured are empty.
   */
  public List<String> fields() {
    Combination c = combination;
    List<String> f = new ArrayList<>(COLUMNS.size());
    f.add(c.model());
    f.add(c.block().toString());
    f.add(SweepAxes.text(c.sparsity()));
    f.add(c.array());
    f.add(c.timing());
    f.add(dense == null ? "" : format("%.6f", dense.latencyMillis()));
    f.add(sparse == null ? "" : format("%.6f", sparse.latencyMillis()));
    f.add(dense == null || sparse == null || sparse.cycles() == 0 ? ""
        : format("%.4f", (double) dense.cycles() / sparse.cycles()));
    f.add(dense == null ? "" : format("%.6f", dense.weightBytes() / 1e6));
    f.add(sparse == null ? "" : format("%.6f", sparse.weightBytes() / 1e6));
    for (int i = 0; i < 4; i++) {
      f.add(sparse == null ? "" : format("%.4f", sparse.boundShares()[i]));
    }
    f.add(ok() ? OK : FAILED);
    f.add(reason);
    return f;
  }

  private static String format(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }
}
