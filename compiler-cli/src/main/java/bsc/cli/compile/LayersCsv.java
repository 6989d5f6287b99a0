package bsc.cli.compile;

import java.util.List;
import java.util.Locale;

/**
 * layers.csv: one row per compiled layer (RFC 4180: comma separated, fields with a comma, quote or line break
 * quoted, "\n" line ends), numbers in a fixed format so the same compile gives the same bytes.
 */
public final class LayersCsv {
  static final String HEADER = "index,layer,op,weights,output,macs,zero_block_ratio,split,residency,bound,"
      + "dense_us,sparse_us,speedup,weight_bytes_dense,weight_bytes_compacted,block_imbalance,weight_share,reason";

  private LayersCsv() {}

  public static String of(List<LayerRow> rows) {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (LayerRow r : rows) {
      b.append(r.index()).append(',').append(field(r.name())).append(',').append(field(r.op())).append(',')
          .append(field(r.weights())).append(',').append(field(r.output())).append(',').append(r.macs()).append(',')
          .append(f4(r.zeroBlockRatio())).append(',').append(field(r.split())).append(',')
          .append(field(r.residency())).append(',').append(field(r.bound())).append(',')
          .append(f3(r.denseMicros())).append(',').append(f3(r.sparseMicros())).append(',')
          .append(f3(r.speedup())).append(',').append(r.weightBytesDense()).append(',')
          .append(r.weightBytesCompacted()).append(',').append(f3(r.blockImbalance())).append(',')
          .append(f4(r.weightShare())).append(',').append(field(r.reason())).append('\n');
    }
    return b.toString();
  }

  /** A CSV field: quoted (inner quotes doubled) when it holds a comma, quote, CR or LF. */
  public static String field(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
